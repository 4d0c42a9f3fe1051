import * as tf from '@tensorflow/tfjs';
import { Module } from './init';

/**
 * Keeps a copy of the best weights seen so far (by a score to maximise) and counts epochs
 * without improvement, for early stopping with restore-best.
 */
export class BestWeights {
  private saved: tf.Tensor[] | null = null;
  best = -Infinity;
  bestEpoch = -1;
  sinceBest = 0;

  constructor(private readonly module: Module) {}

  /** Records this epoch's score; snapshots the weights when it is a new best. Returns true if so. */
  offer(score: number, epoch: number): boolean {
    if (score > this.best) {
      this.best = score;
      this.bestEpoch = epoch;
      this.sinceBest = 0;
      tf.dispose(this.saved ?? []);
      this.saved = Object.values(this.module.variables()).map((v) => tf.clone(v));
      return true;
    }
    this.sinceBest++;
    return false;
  }

  /** Writes the best snapshot back into the module and frees it. */
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
