import { PinlabInputError } from '../errors';

/**
 * Reusable top-k selector over one row of scores: a binary min-heap of the k best seen so far,
 * whose root is the current k-th best. Each candidate costs one comparison with the root unless it
 * enters the heap (O(n + m log k) for m insertions; m ≪ n for a random order), against
 * O(n log n) for a full sort. "Better" is a higher score, ties broken by the lower id, so results
 * equal a stable descending sort. Scores of −Infinity mark excluded items and are never returned.
 * Buffers are allocated once per selector, none per row.
 */
export class TopKSelector {
  private readonly heapScore: Float64Array;
  private readonly heapId: Int32Array;

  constructor(readonly k: number) {
    if (!Number.isInteger(k) || k < 1) throw new PinlabInputError('k', `must be a positive integer, got ${k}`);
    this.heapScore = new Float64Array(k);
    this.heapId = new Int32Array(k);
  }

  /**
   * Selects the top k of `scores[offset .. offset + n)` (ids 0..n−1), writing ids in rank order to
   * `outIds[outOffset ..]` and their scores to `outScores` (−1 / −Infinity pad when fewer than k
   * are eligible). Throws on NaN.
   */
  select(
    scores: Float32Array,
    offset: number,
    n: number,
    outIds: Int32Array,
    outScores: Float32Array,
    outOffset: number,
  ): void {
    const k = this.k;
    const hs = this.heapScore;
    const hi = this.heapId;
    let size = 0;
    for (let j = 0; j < n; j++) {
      const s = scores[offset + j];
      if (s === -Infinity) continue;
      if (s !== s) throw new PinlabInputError('scores', 'must not be NaN', offset + j);
      if (size < k) {
        // Sift up: the new element moves above parents that are better than it.
        let c = size++;
        while (c > 0) {
          const p = (c - 1) >> 1;
          if (hs[p] < s || (hs[p] === s && hi[p] > j)) break;
          hs[c] = hs[p];
          hi[c] = hi[p];
          c = p;
        }
        hs[c] = s;
        hi[c] = j;
      } else if (s > hs[0]) {
        // Ids arrive in increasing order, so an equal score never beats the root.
        this.replaceRoot(s, j, size);
      }
    }
    // Pop the worst repeatedly, filling the output from the back.
    for (let r = k - 1; r >= size; r--) {
      outIds[outOffset + r] = -1;
      outScores[outOffset + r] = -Infinity;
    }
    for (let r = size - 1; r >= 0; r--) {
      outIds[outOffset + r] = hi[0];
      outScores[outOffset + r] = hs[0];
      const lastS = hs[r];
      const lastI = hi[r];
      if (r > 0) this.replaceRoot(lastS, lastI, r);
    }
  }

  /** Puts (s, id) at the root of a heap of `size` elements and sifts it down. */
  private replaceRoot(s: number, id: number, size: number): void {
    const hs = this.heapScore;
    const hi = this.heapId;
    let c = 0;
    for (;;) {
      const l = 2 * c + 1;
      if (l >= size) break;
      let w = l;
      const r = l + 1;
      // The worse child (lower score, or higher id on a tie) should rise.
      if (r < size && (hs[r] < hs[l] || (hs[r] === hs[l] && hi[r] > hi[l]))) w = r;
      if (hs[w] < s || (hs[w] === s && hi[w] > id)) {
        hs[c] = hs[w];
        hi[c] = hi[w];
        c = w;
      } else break;
    }
    hs[c] = s;
    hi[c] = id;
  }
}
