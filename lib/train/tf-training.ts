import * as tf from '@tensorflow/tfjs';
import { Module } from '../nn/module';

/** A module's weights as Float32Array copies by variable name: a TF.js model's `Trainable.state`. */
export function moduleState(module: Module): Record<string, Float32Array> {
  return Object.fromEntries(
    Object.entries(module.variables()).map(([name, v]) => [name, Float32Array.from(v.dataSync() as Float32Array)]),
  );
}

/** Writes `moduleState` output back into the module's variables. */
export function restoreModule(module: Module, state: Record<string, Float32Array>): void {
  for (const [name, v] of Object.entries(module.variables())) v.assign(tf.tensor(state[name], v.shape));
}

/** (λ/2) Σ‖w‖² over weight matrices (biases excluded), i.e. Adam with L2 weight decay λ on the gradient. */
export function l2Penalty(module: Module, lambda: number): tf.Scalar {
  const terms = Object.entries(module.variables())
    .filter(([n]) => !n.endsWith('bias') && !/\.b\d$/.test(n))
    .map(([, v]) => tf.sum(tf.square(v)));
  return tf.mul(lambda / 2, terms.length ? tf.addN(terms) : tf.scalar(0)) as tf.Scalar;
}
