import * as tf from '@tensorflow/tfjs';
import { PinlabInputError } from '../../errors';
import { Buffer, runKernelTask } from './io';
import { task } from '../../parallel';
import { checkIndexTensor } from './checks';

export const PAIR_DOT = 'PinlabPairDot';
export const PAIR_DOT_GRAD = 'PinlabPairDotGrad';

/**
 * s[p] = Σ_c z[u[p], c] · z[v[p], c]: the inner-product link decoder fused, so no [P, C]
 * gathered copies exist (at 10⁶ pairs those dominate the epoch on a memory-bound machine).
 */
export function pairDotInto(
  z: Buffer,
  u: Int32Array,
  v: Int32Array,
  channels: number,
  numNodes: number,
  out: Buffer,
  lo = 0,
  hi = u.length,
): void {
  for (let p = lo; p < hi; p++) {
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

/**
 * ∂L/∂z[n] = Σ_{p: u[p] = n} g[p] z[v[p]] + Σ_{p: v[p] = n} g[p] z[u[p]], for nodes n in [lo, hi)
 * (a thread's share: each scans every pair and adds to its own rows, in the sequential order).
 */
export function pairDotGradInto(
  g: Buffer,
  z: Buffer,
  u: Int32Array,
  v: Int32Array,
  channels: number,
  out: Buffer,
  lo = 0,
  hi = Infinity,
): void {
  for (let p = 0; p < u.length; p++) {
    const a = u[p];
    const b = v[p];
    const inA = a >= lo && a < hi;
    const inB = b >= lo && b < hi;
    if (!inA && !inB) continue;
    const ao = a * channels;
    const bo = b * channels;
    const gp = g[p];
    if (inA && inB) {
      for (let c = 0; c < channels; c++) {
        out[ao + c] += gp * z[bo + c];
        out[bo + c] += gp * z[ao + c];
      }
    } else if (inA) {
      for (let c = 0; c < channels; c++) out[ao + c] += gp * z[bo + c];
    } else {
      for (let c = 0; c < channels; c++) out[bo + c] += gp * z[ao + c];
    }
  }
}

type A = Record<string, Buffer> & Record<string, number>;

/** The pool's share of pairDotInto: pairs [lo, hi). */
export const pairDotTask = task(__filename, 'pairDotTask', (a, lo, hi) => {
  const b = a as A;
  pairDotInto(b.z, b.u as Int32Array, b.v as Int32Array, b.channels, b.numNodes, b.out, lo, hi);
});

/** The pool's share of pairDotGradInto: rows [lo, hi) of ∂z. */
export const pairDotGradTask = task(__filename, 'pairDotGradTask', (a, lo, hi) => {
  const b = a as A;
  pairDotGradInto(b.g, b.z, b.u as Int32Array, b.v as Int32Array, b.channels, b.out, lo, hi);
});

export const pairDotKernel: tf.KernelFunc = ({ inputs, backend }) => {
  const { z, u, v } = inputs as Record<'z' | 'u' | 'v', tf.TensorInfo>;
  const [out] = runKernelTask(backend, [z, u, v], [{ shape: [u.shape[0]], dtype: 'float32' }], {
    task: pairDotTask,
    inputs: ['z', 'u', 'v'],
    outputs: ['out'],
    params: { channels: z.shape[1], numNodes: z.shape[0] },
    count: u.shape[0],
    zeroOutputs: false,
    chunksPerThread: 8,
  });
  return out;
};

export const pairDotGradKernel: tf.KernelFunc = ({ inputs, backend }) => {
  const { dy, z, u, v } = inputs as Record<'dy' | 'z' | 'u' | 'v', tf.TensorInfo>;
  const [out] = runKernelTask(backend, [dy, z, u, v], [{ shape: z.shape, dtype: 'float32' }], {
    task: pairDotGradTask,
    inputs: ['g', 'z', 'u', 'v'],
    outputs: ['out'],
    params: { channels: z.shape[1] },
    count: z.shape[0],
  });
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
  if (z.rank !== 2 || z.dtype !== 'float32')
    throw new PinlabInputError('z', `must be a float32 [N, C] tensor, got ${z.dtype} [${z.shape}]`);
  checkIndexTensor('u', u, u.shape[0]);
  checkIndexTensor('v', v, u.shape[0]);
  return tf.engine().runKernel(PAIR_DOT, { z, u, v }) as tf.Tensor1D;
}
