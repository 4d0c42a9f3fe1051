// How evenly counts spread over categories.

/** Shannon entropy in bits of counts[offset … offset + n). */
export function entropyBits(counts: ArrayLike<number>, offset = 0, n = counts.length): number {
  let total = 0;
  for (let k = 0; k < n; k++) total += counts[offset + k];
  if (total === 0) return 0;
  let h = 0;
  for (let k = 0; k < n; k++) {
    const p = counts[offset + k] / total;
    if (p > 0) h -= p * Math.log2(p);
  }
  return h;
}

/**
 * Gini coefficient of counts[offset … offset + n): 0 = spread evenly over the n categories,
 * (n − 1)/n = all in one. With x sorted ascending (1-indexed): G = 2Σ i·x_(i) / (n Σx) − (n + 1)/n.
 */
export function gini(counts: ArrayLike<number>, offset = 0, n = counts.length): number {
  const x = new Float64Array(n);
  for (let k = 0; k < n; k++) x[k] = counts[offset + k];
  x.sort();
  let total = 0;
  let weighted = 0;
  for (let k = 0; k < n; k++) {
    total += x[k];
    weighted += (k + 1) * x[k];
  }
  return total === 0 ? 0 : (2 * weighted) / (n * total) - (n + 1) / n;
}
