import * as tf from '@tensorflow/tfjs';
import { readInPlace } from '../tf/kernels/io';

/**
 * out (m × n) = op(A) · op(B) for row-major Float32Arrays, op = transpose when flagged
 * (A is stored k × m when `transA`, B n × k when `transB`). Runs on the TF.js backend as a plain
 * BLAS (no autograd): on wasm that is SIMD code, several times the best scalar-JS kernel. Transposes
 * are explicit because tfjs-wasm's transposed-operand matMul is far slower (bench/gowalla).
 * The product is read in place on the wasm heap: `dataSync` would allocate and copy a fresh buffer
 * per call, a fifth of a PinSage epoch at 60 k × 64 (profiled). `accumulate` adds into `out`.
 * Call `await chooseBackend()` first.
 */
export function gemm(
  a: Float32Array,
  b: Float32Array,
  m: number,
  k: number,
  n: number,
  out: Float32Array,
  flags: { transA?: boolean; transB?: boolean; accumulate?: boolean } = {},
): void {
  const r = tf.tidy(() => {
    let ta: tf.Tensor2D = flags.transA ? tf.tensor2d(a, [k, m]) : tf.tensor2d(a, [m, k]);
    let tb: tf.Tensor2D = flags.transB ? tf.tensor2d(b, [n, k]) : tf.tensor2d(b, [k, n]);
    if (flags.transA) ta = tf.transpose(ta);
    if (flags.transB) tb = tf.transpose(tb);
    return tf.matMul(ta, tb);
  });
  const v = readInPlace(r);
  if (flags.accumulate) for (let j = 0; j < m * n; j++) out[j] += v[j];
  else out.set(v);
  r.dispose();
}
