// Float64 reference implementations of the graph ops (dense or naive, obviously correct) and a
// central finite-difference gradient, for checking pinlab's kernels.
import { Rng } from '../../lib/random/rng';
import { centralDifferences } from '../support/finite-differences';

export function randn(rng: Rng, n: number): Float64Array {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.normal();
  return a;
}

export function randInts(rng: Rng, n: number, max: number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.int(max);
  return a;
}

/** out[s] = Σ_{i: ids[i] = s} x[i] by the dense route: one-hot matrix [S × rows] times x. */
export function refSegmentSum(
  x: ArrayLike<number>,
  ids: ArrayLike<number>,
  inner: number,
  numSegments: number,
): Float64Array {
  const out = new Float64Array(numSegments * inner);
  for (let s = 0; s < numSegments; s++) {
    for (let i = 0; i < ids.length; i++) {
      const onehot = ids[i] === s ? 1 : 0;
      for (let c = 0; c < inner; c++) out[s * inner + c] += onehot * x[i * inner + c];
    }
  }
  return out;
}

/** Per-destination softmax by collecting each destination's incoming edges. */
export function refEdgeSoftmax(
  s: ArrayLike<number>,
  dst: ArrayLike<number>,
  heads: number,
  numNodes: number,
): Float64Array {
  const out = new Float64Array(dst.length * heads);
  for (let d = 0; d < numNodes; d++) {
    const edges: number[] = [];
    for (let e = 0; e < dst.length; e++) if (dst[e] === d) edges.push(e);
    for (let h = 0; h < heads; h++) {
      const m = Math.max(...edges.map((e) => s[e * heads + h]));
      const z = edges.reduce((acc, e) => acc + Math.exp(s[e * heads + h] - m), 0);
      for (const e of edges) out[e * heads + h] = Math.exp(s[e * heads + h] - m) / z;
    }
  }
  return out;
}

/** out = A_h x_h per head with the dense adjacency A_h[d][s] = Σ_{e: s → d} w[e,h]. */
export function refEdgeAggregate(
  w: ArrayLike<number>,
  x: ArrayLike<number>,
  src: ArrayLike<number>,
  dst: ArrayLike<number>,
  heads: number,
  channels: number,
  numSrc: number,
  numDst: number,
): Float64Array {
  const out = new Float64Array(numDst * heads * channels);
  for (let h = 0; h < heads; h++) {
    const A = new Float64Array(numDst * numSrc);
    for (let e = 0; e < src.length; e++) A[dst[e] * numSrc + src[e]] += w[e * heads + h];
    for (let d = 0; d < numDst; d++) {
      for (let s = 0; s < numSrc; s++) {
        const a = A[d * numSrc + s];
        for (let c = 0; c < channels; c++) out[(d * heads + h) * channels + c] += a * x[(s * heads + h) * channels + c];
      }
    }
  }
  return out;
}

/** Central differences of a scalar function at x (float64), step eps. */
export function finiteDiffGrad(f: (x: Float64Array) => number, x: Float64Array, eps = 1e-5): Float64Array {
  const xp = Float64Array.from(x);
  return centralDifferences(xp, eps, () => f(xp));
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Largest |a − b| / (atol + |b|) style check: asserts elementwise closeness with a message naming the index. */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  if (actual.length !== expected.length) throw new Error(`${what}: length ${actual.length} vs ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i] - expected[i]);
    if (!(err <= tol * (1 + Math.abs(expected[i])))) {
      throw new Error(`${what}[${i}]: got ${actual[i]}, expected ${expected[i]} (|err| ${err} > ${tol})`);
    }
  }
}
