import * as tf from '@tensorflow/tfjs';
import { requireFinite } from '../errors';

/**
 * Adam (Kingma & Ba 2015) over TF.js variables whose moments are state a checkpoint can hold
 * (`tf.train.adam` keeps them out of reach of a synchronous `state()`), same update as `Adam`:
 *   m ← β1 m + (1 − β1) g,  v ← β2 v + (1 − β2) g²,  θ ← θ − lr · m̂ / (√v̂ + ε).
 */
export class TfAdam {
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];
  t = 0;

  constructor(
    readonly variables: readonly tf.Variable[],
    readonly lr: number,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly eps = 1e-8,
  ) {
    requireFinite('lr', lr, 0);
    this.m = variables.map((x) => tf.variable(tf.zerosLike(x), false));
    this.v = variables.map((x) => tf.variable(tf.zerosLike(x), false));
  }

  /** One step down the gradient of `loss` (a scalar built from the variables); returns the loss. */
  minimize(loss: () => tf.Scalar): number {
    const { value, grads } = tf.variableGrads(loss, this.variables as tf.Variable[]);
    this.t++;
    const { beta1: b1, beta2: b2, eps } = this;
    const step = this.lr / (1 - b1 ** this.t);
    const c2 = 1 / (1 - b2 ** this.t);
    tf.tidy(() => {
      this.variables.forEach((x, i) => {
        const g = grads[x.name];
        const m = tf.add(tf.mul(b1, this.m[i]), tf.mul(1 - b1, g));
        const v = tf.add(tf.mul(b2, this.v[i]), tf.mul(1 - b2, tf.square(g)));
        this.m[i].assign(m);
        this.v[i].assign(v);
        x.assign(tf.sub(x, tf.div(tf.mul(step, m), tf.add(tf.sqrt(tf.mul(c2, v)), eps))));
      });
    });
    const out = value.dataSync()[0];
    tf.dispose([value, ...Object.values(grads)]);
    return out;
  }

  /** Moments and step count by name (`adam.m.<i>`, `adam.v.<i>`, `adam.t`), for checkpoints. */
  state(): Record<string, Float32Array> {
    const out: Record<string, Float32Array> = { 'adam.t': Float32Array.of(this.t) };
    this.m.forEach((m, i) => (out[`adam.m.${i}`] = m.dataSync() as Float32Array));
    this.v.forEach((v, i) => (out[`adam.v.${i}`] = v.dataSync() as Float32Array));
    return out;
  }

  restore(state: Record<string, Float32Array>): void {
    this.t = state['adam.t'][0];
    tf.tidy(() => {
      this.m.forEach((m, i) => m.assign(tf.tensor(state[`adam.m.${i}`], m.shape)));
      this.v.forEach((v, i) => v.assign(tf.tensor(state[`adam.v.${i}`], v.shape)));
    });
  }

  dispose(): void {
    tf.dispose([...this.m, ...this.v]);
  }
}
