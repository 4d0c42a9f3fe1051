import * as tf from '@tensorflow/tfjs';
import { PinlabInputError, requireFinite, requireInt } from '../../errors';
import { Buffer, computeOnBackend } from './io';

export const DROPOUT = 'PinlabDropout';

/**
 * Keep-decision of element i for a seed: a counter-based hash (murmur3's finaliser of
 * seed ⊕ i·φ), so the mask is a pure function of (seed, i): no mask tensor is stored, and the
 * backward pass regenerates it.
 */
function uniform(seed: number, i: number): number {
  let h = (seed ^ Math.imul(i, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/** y_i = x_i / (1 − p) if u(seed, i) ≥ p else 0 (inverted dropout). */
export function dropoutInto(x: Buffer, rate: number, seed: number, out: Buffer): void {
  const scale = 1 / (1 - rate);
  for (let i = 0; i < x.length; i++) out[i] = uniform(seed, i) >= rate ? x[i] * scale : 0;
}

interface Attrs {
  rate: number;
  seed: number;
}

export const dropoutKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const x = inputs.x as tf.TensorInfo;
  const { rate, seed } = attrs as unknown as Attrs;
  const [out] = computeOnBackend(backend, [x], [{ shape: x.shape, dtype: 'float32' }], ([xv], [o]) =>
    dropoutInto(xv, rate, seed, o),
  );
  return out;
};

/** ∂y/∂x is the same scaled mask, so the gradient is dropout of dy with the same seed. */
export const dropoutGradConfig: tf.GradConfig = {
  kernelName: DROPOUT,
  gradFunc: (dy, _saved, attrs) => ({
    x: () => tf.engine().runKernel(DROPOUT, { x: dy as tf.Tensor }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor,
  }),
};

/**
 * Inverted dropout in one pass with a seeded, stored-nothing mask: the same (seed, shape) drops
 * the same elements on every backend, and the backward pass regenerates the mask instead of
 * keeping it. Forward speed is on par with tf.dropout (bench/kernels.bench.ts).
 */
export function fastDropout<T extends tf.Tensor>(x: T, rate: number, seed: number): T {
  requireFinite('rate', rate, 0);
  if (rate >= 1) throw new PinlabInputError('rate', `must be < 1, got ${rate}`);
  requireInt('seed', seed, 0, 2 ** 32 - 1);
  const attrs: Attrs = { rate, seed };
  return tf.engine().runKernel(DROPOUT, { x: tf.cast(x, 'float32') }, attrs as unknown as tf.NamedAttrMap) as T;
}
