/**
 * Accidental hits (TensorFlow Recommenders' `remove_accidental_hits`): a sampled negative that is
 * really one of the row's positives. In a rows × cols matrix whose column c is item `columns[c]`,
 * writes `value` into every entry (r, c) with `columns[c]` among `positivesOf(r)`, except where
 * `keep(r, c)` (e.g. the row's own positive on an in-batch diagonal). `value` −∞ (scores) or a
 * large negative (logits) makes the entry contribute nothing to the loss and its gradient.
 */
export function maskAccidentalHits(
  matrix: Float32Array,
  columns: Int32Array,
  rows: number,
  positivesOf: (row: number) => ArrayLike<number>,
  value: number,
  keep?: (row: number, col: number) => boolean,
): void {
  const cols = columns.length;
  // Columns sorted by item: each positive finds its columns by binary search.
  const order = Int32Array.from({ length: cols }, (_, c) => c).sort((a, b) => columns[a] - columns[b] || a - b);
  const sorted = Int32Array.from(order, (c) => columns[c]);
  for (let r = 0; r < rows; r++) {
    const pos = positivesOf(r);
    for (let k = 0; k < pos.length; k++) {
      const item = pos[k];
      let lo = 0;
      let hi = cols;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (sorted[mid] < item) lo = mid + 1;
        else hi = mid;
      }
      for (let s = lo; s < cols && sorted[s] === item; s++) {
        const c = order[s];
        if (!keep?.(r, c)) matrix[r * cols + c] = value;
      }
    }
  }
}
