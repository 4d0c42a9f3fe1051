import * as tf from '@tensorflow/tfjs';
import { PinlabInputError } from '../../errors';
import { Buffer, computeOnBackend } from './io';
import { checkIndexTensor } from './checks';

export const PAIR_DOT = 'PinlabPairDot';
export const PAIR_DOT_GRAD = 'PinlabPairDotGrad';

/**
 * s[p] = Σ_c z[u[p], c] · z[v[p], c]: the inner-product link decoder fused, so no [P, C]
 * gathered copies exist (at 10⁶ pairs those dominate the epoch on a memory-bound machine).
 */
export function pairDotInto(z: Buffer, u: Int32Array, v: Int32Array, channels: number, numNodes: number, out: Buffer): void {
  for (let p = 0; p < u.length; p++) {
    const a = u[p];
    const b = v[p];
    if (a < 0 || a >= numNodes) throw new PinlabInputError('u', `must be in [0, ${numNodes}), got ${a}`, p);
    if (b < 0 || b >= numNodes) throw new PinlabInputError('v', `must be in [0, ${numNodes}), got ${b}`, p);
    const ao = a * channels;
    const bo = b * channels;
    let acc = 0;
    for (let c = 0; c < channels; c++) acc += z[ao + c] * z[bo + c];
    out[p] = acc;
  }
}

/** ∂L/∂z[n] = Σ_{p: u[p] = n} g[p] z[v[p]] + Σ_{p: v[p] = n} g[p] z[u[p]]. */
export function pairDotGradInto(g: Buffer, z: Buffer, u: Int32Array, v: Int32Array, channels: number, out: Buffer): void {
  for (let p = 0; p < u.length; p++) {
    const ao = u[p] * channels;
    const bo = v[p] * channels;
    const gp = g[p];
    for (let c = 0; c < channels; c++) {
      out[ao + c] += gp * z[bo + c];
      out[bo + c] += gp * z[ao + c];
    }
  }
}

export const pairDotKernel: tf.KernelFunc = ({ inputs, backend }) => {
  const { z, u, v } = inputs as Record<'z' | 'u' | 'v', tf.TensorInfo>;
  const [out] = computeOnBackend(backend, [z, u, v], [{ shape: [u.shape[0]], dtype: 'float32' }], ([zv, uv, vv], [o]) =>
    pairDotInto(zv, uv as Int32Array, vv as Int32Array, z.shape[1], z.shape[0], o),
  );
  return out;
};

export const pairDotGradKernel: tf.KernelFunc = ({ inputs, backend }) => {
  const { dy, z, u, v } = inputs as Record<'dy' | 'z' | 'u' | 'v', tf.TensorInfo>;
  const [out] = computeOnBackend(backend, [dy, z, u, v], [{ shape: z.shape, dtype: 'float32' }], ([g, zv, uv, vv], [o]) =>
    pairDotGradInto(g, zv, uv as Int32Array, vv as Int32Array, z.shape[1], o),
  );
  return out;
};

export const pairDotGradConfig: tf.GradConfig = {
  kernelName: PAIR_DOT,
  inputsToSave: ['z', 'u', 'v'],
  gradFunc: (dy, saved) => {
    const [z, u, v] = saved;
    return {
      z: () => tf.engine().runKernel(PAIR_DOT_GRAD, { dy: dy as tf.Tensor, z, u, v }) as tf.Tensor,
      u: () => tf.zerosLike(u),
      v: () => tf.zerosLike(v),
    };
  },
};

/** Inner products of embedding pairs, `z[u[p]] · z[v[p]]` → [P], with a gradient for z [N, C]. */
export function pairDot(z: tf.Tensor2D, u: tf.Tensor1D, v: tf.Tensor1D): tf.Tensor1D {
  if (z.rank !== 2 || z.dtype !== 'float32') throw new PinlabInputError('z', `must be a float32 [N, C] tensor, got ${z.dtype} [${z.shape}]`);
  checkIndexTensor('u', u, u.shape[0]);
  checkIndexTensor('v', v, u.shape[0]);
  return tf.engine().runKernel(PAIR_DOT, { z, u, v }) as tf.Tensor1D;
}
