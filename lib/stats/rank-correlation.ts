import { PinlabInputError } from '../errors';

/** Average ranks (1-based, ties share their mean rank). */
function ranks(v: Float64Array): Float64Array {
  const order = Uint32Array.from({ length: v.length }, (_, i) => i).sort((a, b) => v[a] - v[b]);
  const r = new Float64Array(v.length);
  for (let lo = 0; lo < order.length;) {
    let hi = lo + 1;
    while (hi < order.length && v[order[hi]] === v[order[lo]]) hi++;
    for (let k = lo; k < hi; k++) r[order[k]] = (lo + 1 + hi) / 2;
    lo = hi;
  }
  return r;
}

/** Spearman rank correlation of two equal-length samples. */
export function spearman(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) throw new PinlabInputError('b', `length ${b.length} differs from ${a.length}`);
  const ra = ranks(a);
  const rb = ranks(b);
  const n = a.length;
  const mean = (n + 1) / 2;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (ra[i] - mean) * (rb[i] - mean);
    saa += (ra[i] - mean) ** 2;
    sbb += (rb[i] - mean) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}
