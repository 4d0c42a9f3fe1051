import { evenBounds, parallelFor, task, threadCount } from '../parallel';
/**
 * C = A · Bᵀ for row-major A (m × d), B (n × d), C (m × n), in plain TypeScript.
 *
 * Cache blocking: B is walked in panels of `PANEL` rows (PANEL × d floats stay in L1/L2 while
 * every row of A passes over them). Register blocking: a 4 × 4 tile of C is accumulated in 16
 * locals over the shared dimension, so each loaded element of A and B feeds 4 multiply-adds
 * instead of 1 (the naive dot-product loop is load-bound). Edges fall back to a 1 × 1 loop.
 * No allocation: `out` is written in place (offset `outOffset`, row stride `ldc`).
 */
const PANEL = 128;

export function matMulNT(
  a: Float32Array,
  b: Float32Array,
  m: number,
  n: number,
  d: number,
  out: Float32Array,
  ldc = n,
  outOffset = 0,
): void {
  for (let j0 = 0; j0 < n; j0 += PANEL) {
    const j1 = Math.min(n, j0 + PANEL);
    let i = 0;
    for (; i + 4 <= m; i += 4) {
      const a0 = i * d,
        a1 = a0 + d,
        a2 = a1 + d,
        a3 = a2 + d;
      let j = j0;
      for (; j + 4 <= j1; j += 4) {
        const b0 = j * d,
          b1 = b0 + d,
          b2 = b1 + d,
          b3 = b2 + d;
        let c00 = 0,
          c01 = 0,
          c02 = 0,
          c03 = 0,
          c10 = 0,
          c11 = 0,
          c12 = 0,
          c13 = 0;
        let c20 = 0,
          c21 = 0,
          c22 = 0,
          c23 = 0,
          c30 = 0,
          c31 = 0,
          c32 = 0,
          c33 = 0;
        for (let t = 0; t < d; t++) {
          const x0 = a[a0 + t],
            x1 = a[a1 + t],
            x2 = a[a2 + t],
            x3 = a[a3 + t];
          const y0 = b[b0 + t],
            y1 = b[b1 + t],
            y2 = b[b2 + t],
            y3 = b[b3 + t];
          c00 += x0 * y0;
          c01 += x0 * y1;
          c02 += x0 * y2;
          c03 += x0 * y3;
          c10 += x1 * y0;
          c11 += x1 * y1;
          c12 += x1 * y2;
          c13 += x1 * y3;
          c20 += x2 * y0;
          c21 += x2 * y1;
          c22 += x2 * y2;
          c23 += x2 * y3;
          c30 += x3 * y0;
          c31 += x3 * y1;
          c32 += x3 * y2;
          c33 += x3 * y3;
        }
        let o = outOffset + i * ldc + j;
        out[o] = c00;
        out[o + 1] = c01;
        out[o + 2] = c02;
        out[o + 3] = c03;
        o += ldc;
        out[o] = c10;
        out[o + 1] = c11;
        out[o + 2] = c12;
        out[o + 3] = c13;
        o += ldc;
        out[o] = c20;
        out[o + 1] = c21;
        out[o + 2] = c22;
        out[o + 3] = c23;
        o += ldc;
        out[o] = c30;
        out[o + 1] = c31;
        out[o + 2] = c32;
        out[o + 3] = c33;
      }
      for (; j < j1; j++)
        for (let r = 0; r < 4; r++) out[outOffset + (i + r) * ldc + j] = dot(a, (i + r) * d, b, j * d, d);
    }
    for (; i < m; i++) for (let j = j0; j < j1; j++) out[outOffset + i * ldc + j] = dot(a, i * d, b, j * d, d);
  }
}

function dot(a: Float32Array, ao: number, b: Float32Array, bo: number, d: number): number {
  let s = 0;
  for (let t = 0; t < d; t++) s += a[ao + t] * b[bo + t];
  return s;
}

/**
 * matMulNT on the worker pool when a, b and out live on SharedArrayBuffers (else inline), split
 * by rows of A in runs of 4 (the register tile). Every element of C is the same sequential sum
 * over the shared dimension whichever tile or edge loop computes it, so any split gives the bits
 * of the single-threaded product.
 */
export function matMulNTPooled(
  a: Float32Array,
  b: Float32Array,
  m: number,
  n: number,
  d: number,
  out: Float32Array,
): void {
  const threads = threadCount();
  const onShared = [a, b, out].every((x) => x.buffer instanceof SharedArrayBuffer);
  if (threads <= 1 || !onShared || m < 8) {
    matMulNT(a, b, m, n, d, out);
    return;
  }
  const quads = Math.ceil(m / 4);
  const parts = Math.min(quads, 4 * threads);
  const bounds = evenBounds(quads, parts).map((q) => Math.min(m, 4 * q));
  parallelFor(matMulNTTask, { a, b, out, n, d }, m, { threads, bounds });
}

/** The pool's share of matMulNTPooled: rows [lo, hi) of A and C. */
export const matMulNTTask = task(__filename, 'matMulNTTask', (args, lo, hi) => {
  const d = args.d as number,
    n = args.n as number;
  matMulNT(
    (args.a as Float32Array).subarray(lo * d, hi * d),
    args.b as Float32Array,
    hi - lo,
    n,
    d,
    args.out as Float32Array,
    n,
    lo * n,
  );
});
