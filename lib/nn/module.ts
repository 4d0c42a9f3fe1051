import * as tf from '@tensorflow/tfjs';
import { Rng } from '../random/rng';
import { fastDropout } from '../tf/kernels/dropout';

/**
 * A trainable variable with Glorot/Xavier-uniform values, U(−a, a) with a = √(6 / (fanIn + fanOut)),
 * drawn from `rng` so one seed fixes every initial weight.
 */
export function glorotVariable(rng: Rng, shape: number[], fanIn: number, fanOut: number): tf.Variable {
  const a = Math.sqrt(6 / (fanIn + fanOut));
  const v = new Float32Array(shape.reduce((x, y) => x * y, 1));
  for (let i = 0; i < v.length; i++) v[i] = (2 * rng.next() - 1) * a;
  return tf.variable(tf.tensor(v, shape));
}

export function zerosVariable(shape: number[]): tf.Variable {
  return tf.variable(tf.zeros(shape));
}

/** What a forward pass needs besides its inputs: train/eval mode and the stream for dropout masks. */
export interface ForwardContext {
  readonly training: boolean;
  readonly rng: Rng;
}

/** Inverted dropout with a seed from the context's stream; identity in evaluation. */
export function dropout<T extends tf.Tensor>(x: T, rate: number, ctx: ForwardContext): T {
  if (!ctx.training || rate === 0) return x;
  return fastDropout(x, rate, ctx.rng.int(2 ** 32));
}

/** Anything with trainable weights, named by path for checkpoints ("conv1.weight"). */
export interface Module {
  variables(): Record<string, tf.Variable>;
}

/** Merges child modules' variables under `prefix.`. */
export function childVariables(children: Record<string, Module | null | undefined>): Record<string, tf.Variable> {
  const out: Record<string, tf.Variable> = {};
  for (const [prefix, child] of Object.entries(children)) {
    if (!child) continue;
    for (const [name, v] of Object.entries(child.variables())) out[`${prefix}.${name}`] = v;
  }
  return out;
}
