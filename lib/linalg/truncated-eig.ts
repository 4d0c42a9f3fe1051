import * as tf from '@tensorflow/tfjs';
import { PinlabInputError } from '../errors';
import type { Rng } from '../random/rng';

/**
 * Eigen-decomposition of a small dense symmetric matrix (row-major n × n) by cyclic Jacobi
 * rotations (Golub & Van Loan §8.5): each rotation zeroes one off-diagonal pair; sweeps repeat
 * until the off-diagonal mass is negligible. Returns eigenvalues descending and eigenvectors as
 * the columns of `vectors` (row-major n × n), in the same order. O(n³) per sweep; fine for n ≤ ~500.
 */
export function symmetricEigen(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const A = Float64Array.from(a);
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0,
      diag = 0;
    for (let i = 0; i < n; i++) {
      diag += A[i * n + i] ** 2;
      for (let j = i + 1; j < n; j++) off += A[i * n + j] ** 2;
    }
    if (off <= 1e-22 * diag || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = A[p * n + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (A[q * n + q] - A[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        // A ← Jᵀ A J on rows/columns p and q.
        for (let k = 0; k < n; k++) {
          const akp = A[k * n + p],
            akq = A[k * n + q];
          A[k * n + p] = c * akp - s * akq;
          A[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = A[p * n + k],
            aqk = A[q * n + k];
          A[p * n + k] = c * apk - s * aqk;
          A[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = V[k * n + p],
            vkq = V[k * n + q];
          V[k * n + p] = c * vkp - s * vkq;
          V[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => A[y * n + y] - A[x * n + x]);
  const values = Float64Array.from(order, (i) => A[i * n + i]);
  const vectors = new Float64Array(n * n);
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) vectors[r * n + c] = V[r * n + order[c]];
  return { values, vectors };
}

/** Reads a tensor's values into a new Float64Array and frees it. */
function take64(t: tf.Tensor): Float64Array {
  const v = Float64Array.from(t.dataSync());
  t.dispose();
  return v;
}

/** Yᵀ Y as a Float64Array. tfjs-wasm's transposed-operand matMul is ~10× slower than transposing first (measured). */
function gram(y: tf.Tensor2D, z: tf.Tensor2D = y): Float64Array {
  return take64(tf.tidy(() => tf.matMul(tf.transpose(y), z)));
}

/**
 * Orthonormalises the columns of Y (n × b tensor) by Cholesky QR (G = YᵀY = RᵀR, Q = Y R⁻¹),
 * `passes` times (2 = CholQR2: the second pass restores orthogonality lost to G's conditioning;
 * one pass is enough between subspace iterations). Disposes Y. The b × b work runs in Float64 in
 * JS; the tall products on the TF.js backend.
 */
function cholQR(y: tf.Tensor2D, passes: number): tf.Tensor2D {
  let q = y;
  for (let pass = 0; pass < passes; pass++) {
    const b = q.shape[1];
    const g = gram(q);
    // Cholesky G = L Lᵀ (L lower), with a tiny ridge so rank deficiency cannot produce NaN.
    const L = new Float64Array(b * b);
    let trace = 0;
    for (let i = 0; i < b; i++) trace += g[i * b + i];
    const ridge = 1e-12 * (trace / b);
    for (let i = 0; i < b; i++) {
      for (let j = 0; j <= i; j++) {
        let s = g[i * b + j] + (i === j ? ridge : 0);
        for (let k = 0; k < j; k++) s -= L[i * b + k] * L[j * b + k];
        L[i * b + j] = i === j ? Math.sqrt(Math.max(s, 1e-300)) : s / L[j * b + j];
      }
    }
    // R = Lᵀ; R⁻¹ = (L⁻¹)ᵀ; invert L by forward substitution column by column.
    const Linv = new Float64Array(b * b);
    for (let c = 0; c < b; c++) {
      for (let i = c; i < b; i++) {
        let s = i === c ? 1 : 0;
        for (let k = c; k < i; k++) s -= L[i * b + k] * Linv[k * b + c];
        Linv[i * b + c] = s / L[i * b + i];
      }
    }
    const rinv = new Float32Array(b * b);
    for (let i = 0; i < b; i++) for (let j = 0; j < b; j++) rinv[i * b + j] = Linv[j * b + i];
    const next: tf.Tensor2D = tf.tidy(() => tf.matMul(q, tf.tensor2d(rinv, [b, b])));
    q.dispose();
    q = next;
  }
  return q;
}

export interface TopEigen {
  /** Eigenvalues, descending (k). */
  readonly values: Float64Array;
  /** Eigenvectors as rows of a k × n row-major matrix (so vector c is `vectors[c*n .. c*n+n)`). */
  readonly vectors: Float32Array;
}

/**
 * Top-k eigenpairs of a symmetric positive semi-definite n × n operator given only as
 * `apply(X, b, out)` (out = S X for row-major X, n × b), by block subspace iteration
 * (Halko, Martinsson & Tropp 2011, Alg. 4.4 with Rayleigh–Ritz): Q ← orth(S Q) `iterations`
 * times from a Gaussian start with b = k + oversample columns, then the eigenpairs of QᵀSQ.
 * Convergence of pair j goes like (λ_{b+1}/λ_j)^iterations. Needs a TF.js backend.
 */
export function topEigen(
  apply: (x: Float32Array, b: number, out: Float32Array) => void,
  n: number,
  k: number,
  rng: Rng,
  options: { oversample?: number; iterations?: number; log?: (line: string) => void } = {},
): TopEigen {
  const b = k + (options.oversample ?? 64);
  const iterations = options.iterations ?? 12;
  if (!Number.isInteger(k) || k < 1 || b > n)
    throw new PinlabInputError('k', `must be an integer with k + oversample ≤ n = ${n}, got ${k}`);
  const buf = new Float32Array(n * b);
  let q = cholQR(
    tf.tensor2d(
      Float32Array.from({ length: n * b }, () => rng.normal()),
      [n, b],
    ),
    1,
  );
  for (let it = 0; it < iterations; it++) {
    apply(q.dataSync() as Float32Array, b, buf);
    q.dispose();
    q = cholQR(tf.tensor2d(buf, [n, b]), it === iterations - 1 ? 2 : 1);
    options.log?.(`subspace iteration ${it + 1}/${iterations}`);
  }
  // Rayleigh–Ritz: B = Qᵀ S Q, eigenvectors W; Ritz vectors Q W.
  apply(q.dataSync() as Float32Array, b, buf);
  const sq = tf.tensor2d(buf, [n, b]);
  const bm = gram(q, sq);
  sq.dispose();
  for (let i = 0; i < b; i++)
    for (let j = 0; j < i; j++) bm[i * b + j] = bm[j * b + i] = (bm[i * b + j] + bm[j * b + i]) / 2;
  const { values, vectors } = symmetricEigen(bm, b);
  const wTop = new Float32Array(b * k);
  for (let r = 0; r < b; r++) for (let c = 0; c < k; c++) wTop[r * k + c] = vectors[r * b + c];
  const ritzT = tf.tidy(() => tf.transpose(tf.matMul(q, tf.tensor2d(wTop, [b, k]))));
  const out = Float32Array.from(ritzT.dataSync());
  ritzT.dispose();
  q.dispose();
  return { values: values.slice(0, k), vectors: out };
}
