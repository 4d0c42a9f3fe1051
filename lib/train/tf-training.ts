import * as tf from '@tensorflow/tfjs';
import { Module } from '../nn/module';

/** A copy of a module's weights at its best epoch so far, for early stopping with restore-best. */
export class BestWeights {
  private saved: tf.Tensor[] | null = null;
  epoch = -1;

  constructor(private readonly module: Module) {}

  /** Replaces the snapshot with the current weights. */
  snapshot(epoch: number): void {
    tf.dispose(this.saved ?? []);
    this.saved = Object.values(this.module.variables()).map((v) => tf.clone(v));
    this.epoch = epoch;
  }

  /** Writes the snapshot back into the module and frees it. */
  restore(): void {
    if (!this.saved) return;
    const vars = Object.values(this.module.variables());
    vars.forEach((v, i) => v.assign(this.saved![i]));
    tf.dispose(this.saved);
    this.saved = null;
  }
}

/** (λ/2) Σ‖w‖² over weight matrices (biases excluded), i.e. Adam with L2 weight decay λ on the gradient. */
export function l2Penalty(module: Module, lambda: number): tf.Scalar {
  const terms = Object.entries(module.variables()).filter(([n]) => !n.endsWith('bias') && !/\.b\d$/.test(n)).map(([, v]) => tf.sum(tf.square(v)));
  return tf.mul(lambda / 2, terms.length ? tf.addN(terms) : tf.scalar(0)) as tf.Scalar;
}
