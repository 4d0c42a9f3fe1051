import * as tf from '@tensorflow/tfjs';
import { PinlabInputError, requireInt } from '../../errors';
import { Buffer, computeOnBackend, scratchFloats } from './io';
import { checkIndexTensor } from './checks';

export const EDGE_SOFTMAX = 'PinlabEdgeSoftmax';
export const EDGE_SOFTMAX_GRAD = 'PinlabEdgeSoftmaxGrad';

/**
 * Softmax of edge scores over each destination's incoming edges, per head:
 *   α[e,h] = exp(s[e,h] − m[d,h]) / (Σ_{e' : dst[e'] = d} exp(s[e',h] − m[d,h]) + 1e-16),  d = dst[e],
 * with m the per-destination maximum (a constant shift, so it needs no gradient). The 1e-16
 * matches PyG's `softmax`. Three passes over the edges; scores are [E, H] row-major.
 */
export function edgeSoftmaxInto(s: Buffer, dst: Int32Array, heads: number, numNodes: number, out: Buffer): void {
  const E = dst.length;
  const nh = numNodes * heads;
  const buf = scratchFloats(2 * nh);
  const max = buf.subarray(0, nh).fill(-Infinity);
  const sum = buf.subarray(nh, 2 * nh).fill(0);
  for (let e = 0; e < E; e++) {
    const d = dst[e];
    if (d < 0 || d >= numNodes) throw new PinlabInputError('dst', `must be in [0, ${numNodes}), got ${d}`, e);
    const o = d * heads;
    const i = e * heads;
    for (let h = 0; h < heads; h++) if (s[i + h] > max[o + h]) max[o + h] = s[i + h];
  }
  for (let e = 0; e < E; e++) {
    const o = dst[e] * heads;
    const i = e * heads;
    for (let h = 0; h < heads; h++) {
      const v = Math.exp(s[i + h] - max[o + h]);
      out[i + h] = v;
      sum[o + h] += v;
    }
  }
  for (let e = 0; e < E; e++) {
    const o = dst[e] * heads;
    const i = e * heads;
    for (let h = 0; h < heads; h++) out[i + h] /= sum[o + h] + 1e-16;
  }
}

/**
 * Backward of the edge softmax: ∂L/∂s[e,h] = α[e,h] · (g[e,h] − Σ_{e' : dst[e'] = dst[e]} α[e',h] g[e',h]).
 */
export function edgeSoftmaxGradInto(g: Buffer, alpha: Buffer, dst: Int32Array, heads: number, numNodes: number, out: Buffer): void {
  const E = dst.length;
  const dot = scratchFloats(numNodes * heads).fill(0, 0, numNodes * heads);
  for (let e = 0; e < E; e++) {
    const o = dst[e] * heads;
    const i = e * heads;
    for (let h = 0; h < heads; h++) dot[o + h] += alpha[i + h] * g[i + h];
  }
  for (let e = 0; e < E; e++) {
    const o = dst[e] * heads;
    const i = e * heads;
    for (let h = 0; h < heads; h++) out[i + h] = alpha[i + h] * (g[i + h] - dot[o + h]);
  }
}

interface Attrs {
  numNodes: number;
}

export const edgeSoftmaxKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { scores, dst } = inputs as { scores: tf.TensorInfo; dst: tf.TensorInfo };
  const { numNodes } = attrs as unknown as Attrs;
  const [out] = computeOnBackend(backend, [scores, dst], [{ shape: scores.shape, dtype: 'float32' }], ([s, d], [o]) =>
    edgeSoftmaxInto(s, d as Int32Array, scores.shape[1], numNodes, o),
  );
  return out;
};

export const edgeSoftmaxGradKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, alpha, dst } = inputs as { dy: tf.TensorInfo; alpha: tf.TensorInfo; dst: tf.TensorInfo };
  const { numNodes } = attrs as unknown as Attrs;
  const [out] = computeOnBackend(backend, [dy, alpha, dst], [{ shape: alpha.shape, dtype: 'float32' }], ([g, a, d], [o]) =>
    edgeSoftmaxGradInto(g, a, d as Int32Array, alpha.shape[1], numNodes, o),
  );
  return out;
};

export const edgeSoftmaxGradConfig: tf.GradConfig = {
  kernelName: EDGE_SOFTMAX,
  inputsToSave: ['dst'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [dst, alpha] = saved;
    return {
      scores: () => tf.engine().runKernel(EDGE_SOFTMAX_GRAD, { dy: dy as tf.Tensor, alpha, dst }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor,
      dst: () => tf.zerosLike(dst),
    };
  },
};

/**
 * Per-destination softmax of edge scores `[E, H]` (GAT's attention normalisation), with a
 * gradient. `dst` is int32 `[E]`, values in [0, numNodes). Destinations without edges are fine.
 */
export function edgeSoftmax(scores: tf.Tensor2D, dst: tf.Tensor1D, numNodes: number): tf.Tensor2D {
  if (scores.rank !== 2 || scores.dtype !== 'float32') throw new PinlabInputError('scores', `must be a float32 [E, H] tensor, got ${scores.dtype} [${scores.shape}]`);
  requireInt('numNodes', numNodes, 0);
  checkIndexTensor('dst', dst, scores.shape[0]);
  const attrs: Attrs = { numNodes };
  return tf.engine().runKernel(EDGE_SOFTMAX, { scores, dst }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor2D;
}
