import * as tf from '@tensorflow/tfjs';
import { PinlabInputError, requireInt } from '../../errors';
import { Buffer, chunkEdges, runKernelTask, scratchFloats } from './io';
import { checkIndexTensor } from './checks';
import { ownEdges } from './chunk-scan';
import { task } from '../../parallel';

export const EDGE_SOFTMAX = 'PinlabEdgeSoftmax';
export const EDGE_SOFTMAX_GRAD = 'PinlabEdgeSoftmaxGrad';

/**
 * Softmax of edge scores over each destination's incoming edges, per head:
 *   α[e,h] = exp(s[e,h] − m[d,h]) / (Σ_{e' : dst[e'] = d} exp(s[e',h] − m[d,h]) + 1e-16),  d = dst[e],
 * with m the per-destination maximum (a constant shift, so it needs no gradient). The 1e-16
 * matches PyG's `softmax`. Three passes over the edges; scores are [E, H] row-major.
 * Only edges into destinations [lo, hi) are computed (a thread's share; per-destination sums keep
 * edge order, so results do not depend on the thread count): all edges are scanned, or only
 * `edges` (ascending ids) when the caller has grouped them by destination range.
 */
export function edgeSoftmaxInto(
  s: Buffer,
  dst: Int32Array,
  heads: number,
  numNodes: number,
  out: Buffer,
  lo = 0,
  hi = numNodes,
  edges?: Int32Array,
): void {
  const own = ownEdges(dst, numNodes, lo, hi, edges, (e, d) => {
    throw new PinlabInputError('dst', `must be in [0, ${numNodes}), got ${d}`, e);
  });
  const n = own ? own.length : dst.length;
  const nh = numNodes * heads;
  // Indexed by node; this call touches rows [lo, hi) only (each thread has its own scratch).
  const buf = scratchFloats(2 * nh);
  const max = buf.subarray(0, nh).fill(-Infinity, lo * heads, hi * heads);
  const sum = buf.subarray(nh, 2 * nh).fill(0, lo * heads, hi * heads);
  for (let k = 0; k < n; k++) {
    const e = own ? own[k] : k;
    const o = dst[e] * heads;
    const i = e * heads;
    for (let h = 0; h < heads; h++) if (s[i + h] > max[o + h]) max[o + h] = s[i + h];
  }
  for (let k = 0; k < n; k++) {
    const e = own ? own[k] : k;
    const o = dst[e] * heads;
    const i = e * heads;
    for (let h = 0; h < heads; h++) {
      const v = Math.exp(s[i + h] - max[o + h]);
      out[i + h] = v;
      sum[o + h] += v;
    }
  }
  for (let k = 0; k < n; k++) {
    const e = own ? own[k] : k;
    const o = dst[e] * heads;
    const i = e * heads;
    for (let h = 0; h < heads; h++) out[i + h] /= sum[o + h] + 1e-16;
  }
}

/**
 * Backward of the edge softmax: ∂L/∂s[e,h] = α[e,h] · (g[e,h] − dot[dst[e],h]),
 * dot[d,h] = Σ_{e' : dst[e'] = d} α[e',h] g[e',h], in two passes (edgeSoftmaxGradDots, then
 * edgeSoftmaxGradOut) with `dot` ([numNodes, H]) as scratch.
 */
export function edgeSoftmaxGradInto(
  g: Buffer,
  alpha: Buffer,
  dst: Int32Array,
  heads: number,
  numNodes: number,
  out: Buffer,
  dot: Buffer = scratchFloats(numNodes * heads),
): void {
  edgeSoftmaxGradDots(g, alpha, dst, heads, numNodes, dot);
  edgeSoftmaxGradOut(g, alpha, dst, heads, dot, out);
}

/**
 * dot[d,h] = Σ_{e : dst[e] = d} α[e,h] g[e,h] for destinations d in [lo, hi) (a thread's share:
 * each destination sums its edges in edge order, so any split gives the same bits). Scans every
 * edge, or only `edges` (ascending ids grouped by destination range). Indices were checked by
 * the forward pass.
 */
export function edgeSoftmaxGradDots(
  g: Buffer,
  alpha: Buffer,
  dst: Int32Array,
  heads: number,
  numNodes: number,
  dot: Buffer,
  lo = 0,
  hi = numNodes,
  edges?: Int32Array,
): void {
  const own = ownEdges(dst, numNodes, lo, hi, edges);
  const n = own ? own.length : dst.length;
  dot.fill(0, lo * heads, hi * heads);
  for (let k = 0; k < n; k++) {
    const e = own ? own[k] : k;
    const o = dst[e] * heads;
    const i = e * heads;
    for (let h = 0; h < heads; h++) dot[o + h] += alpha[i + h] * g[i + h];
  }
}

/**
 * ∂L/∂s[e,h] = α[e,h] (g[e,h] − dot[dst[e],h]) for edges [lo, hi): split by edges, each thread
 * writes one contiguous run of the output. (Split by destination, as the sums are, the threads'
 * edges interleave and they write into the same cache lines: false sharing.)
 */
export function edgeSoftmaxGradOut(
  g: Buffer,
  alpha: Buffer,
  dst: Int32Array,
  heads: number,
  dot: Buffer,
  out: Buffer,
  lo = 0,
  hi = dst.length,
): void {
  for (let e = lo; e < hi; e++) {
    const o = dst[e] * heads;
    const i = e * heads;
    for (let h = 0; h < heads; h++) out[i + h] = alpha[i + h] * (g[i + h] - dot[o + h]);
  }
}

interface Attrs {
  numNodes: number;
}

type A = Record<string, Buffer> & Record<string, number>;

/** The pool's share of edgeSoftmaxInto: destinations [lo, hi). */
export const edgeSoftmaxTask = task(__filename, 'edgeSoftmaxTask', (a, lo, hi) => {
  const b = a as A;
  edgeSoftmaxInto(b.s, b.dst as Int32Array, b.heads, b.numNodes, b.out, lo, hi, chunkEdges(a, lo, hi));
});

/** The pool's share of edgeSoftmaxGradDots: destinations [lo, hi). */
export const edgeSoftmaxGradDotsTask = task(__filename, 'edgeSoftmaxGradDotsTask', (a, lo, hi) => {
  const b = a as A;
  edgeSoftmaxGradDots(b.g, b.alpha, b.dst as Int32Array, b.heads, b.numNodes, b.dot, lo, hi, chunkEdges(a, lo, hi));
});

/** The pool's share of edgeSoftmaxGradOut: edges [lo, hi). */
export const edgeSoftmaxGradOutTask = task(__filename, 'edgeSoftmaxGradOutTask', (a, lo, hi) => {
  const b = a as A;
  edgeSoftmaxGradOut(b.g, b.alpha, b.dst as Int32Array, b.heads, b.dot, b.out, lo, hi);
});

export const edgeSoftmaxKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { scores, dst } = inputs as { scores: tf.TensorInfo; dst: tf.TensorInfo };
  const { numNodes } = attrs as unknown as Attrs;
  const [out] = runKernelTask(backend, [scores, dst], [{ shape: scores.shape, dtype: 'float32' }], {
    task: edgeSoftmaxTask,
    inputs: ['s', 'dst'],
    outputs: ['out'],
    params: { heads: scores.shape[1], numNodes },
    count: numNodes,
    zeroOutputs: false,
    groupBy: 'dst',
  });
  return out;
};

export const edgeSoftmaxGradKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, alpha, dst } = inputs as { dy: tf.TensorInfo; alpha: tf.TensorInfo; dst: tf.TensorInfo };
  const { numNodes } = attrs as unknown as Attrs;
  const [out] = runKernelTask(backend, [dy, alpha, dst], [{ shape: alpha.shape, dtype: 'float32' }], {
    task: edgeSoftmaxGradDotsTask,
    inputs: ['g', 'alpha', 'dst'],
    outputs: ['out'],
    params: { heads: alpha.shape[1], numNodes },
    count: numNodes,
    zeroOutputs: false,
    groupBy: 'dst',
    scratch: { dot: numNodes * alpha.shape[1] },
    then: { task: edgeSoftmaxGradOutTask, count: alpha.shape[0] },
  });
  return out;
};

export const edgeSoftmaxGradConfig: tf.GradConfig = {
  kernelName: EDGE_SOFTMAX,
  inputsToSave: ['dst'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [dst, alpha] = saved;
    return {
      scores: () =>
        tf
          .engine()
          .runKernel(
            EDGE_SOFTMAX_GRAD,
            { dy: dy as tf.Tensor, alpha, dst },
            attrs as unknown as tf.NamedAttrMap,
          ) as tf.Tensor,
      dst: () => tf.zerosLike(dst),
    };
  },
};

/**
 * Per-destination softmax of edge scores `[E, H]` (GAT's attention normalisation), with a
 * gradient. `dst` is int32 `[E]`, values in [0, numNodes). Destinations without edges are fine.
 */
export function edgeSoftmax(scores: tf.Tensor2D, dst: tf.Tensor1D, numNodes: number): tf.Tensor2D {
  if (scores.rank !== 2 || scores.dtype !== 'float32')
    throw new PinlabInputError('scores', `must be a float32 [E, H] tensor, got ${scores.dtype} [${scores.shape}]`);
  requireInt('numNodes', numNodes, 0);
  checkIndexTensor('dst', dst, scores.shape[0]);
  const attrs: Attrs = { numNodes };
  return tf.engine().runKernel(EDGE_SOFTMAX, { scores, dst }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor2D;
}
