import * as tf from '@tensorflow/tfjs';
import { requireFinite } from '../errors';

/**
 * How an Adam step is rounded in float32: the same math in another order rounds differently, and
 * a recorded run is reproduced bit for bit only by the order it was recorded with.
 * - 'pinlab' (`Adam`'s): θ − (c1 · m) / (√(c2 · v) + ε), c1 = lr / (1 − β1ᵗ) and c2 = 1 / (1 − β2ᵗ)
 *   computed in float64 and rounded once;
 * - 'tfjs' (`tf.train.adam`'s, tfjs-core 4.22 AdamOptimizer): θ + ((m / d1) / (√(v / d2) + ε)) · (−lr),
 *   d = 1 − βᵗ in float32 with βᵗ a float32 running product (rounded after every factor, not a power).
 */
export type AdamRounding = 'pinlab' | 'tfjs';

/**
 * Adam (Kingma & Ba 2015) over TF.js variables whose moments are state a checkpoint can hold
 * (`tf.train.adam` keeps them out of reach of a synchronous `state()`):
 *   m ← β1 m + (1 − β1) g,  v ← β2 v + (1 − β2) g²,  θ ← θ − lr · m̂ / (√v̂ + ε).
 * By default the same step as `Adam` (ε 1e-8); `TfAdam.likeTfjs` is `tf.train.adam`'s step exactly
 * (ε 1e-7 and its rounding), which the GNN and two-tower trainers' recorded numbers were made with.
 * One variable (a large embedding table) may be updated lazily, only in the rows a step uses
 * (TensorFlow Addons' LazyAdam): its gradient and update then cost the rows, not the table.
 * A variable the loss does not reach gets no gradient and is not stepped, as in `tf.train.adam`.
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
    readonly rounding: AdamRounding = 'pinlab',
  ) {
    requireFinite('lr', lr, 0);
    this.m = variables.map((x) => tf.variable(tf.zerosLike(x), false));
    this.v = variables.map((x) => tf.variable(tf.zerosLike(x), false));
  }

  /** `tf.train.adam(lr)`'s step, bit for bit: β 0.9 / 0.999, the backend's ε, its rounding. */
  static likeTfjs(variables: readonly tf.Variable[], lr: number): TfAdam {
    return new TfAdam(variables, lr, 0.9, 0.999, tf.backend().epsilon(), 'tfjs');
  }

  /** The new m, v and θ from the old ones and the gradient, at step `this.t`. */
  private update(x: tf.Tensor, m0: tf.Tensor, v0: tf.Tensor, g: tf.Tensor) {
    const { beta1: b1, beta2: b2, eps, lr, t } = this;
    const m = tf.add(tf.mul(m0, b1), tf.mul(g, 1 - b1));
    const v = tf.add(tf.mul(v0, b2), tf.mul(tf.square(g), 1 - b2));
    if (this.rounding === 'pinlab') {
      const step = lr / (1 - b1 ** t);
      return { m, v, x: tf.sub(x, tf.div(tf.mul(step, m), tf.add(tf.sqrt(tf.mul(1 / (1 - b2 ** t), v)), eps))) };
    }
    const [d1, d2] = [b1, b2].map((b) => Math.fround(1 - float32Power(b, t)));
    const mHat = tf.div(m, d1);
    const vHat = tf.div(v, d2);
    return { m, v, x: tf.add(tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), eps)), -lr), x) };
  }

  /**
   * One step down the gradient of `loss` (a scalar built from the variables); returns the loss.
   * With `sparse`, variable `index` is read only through `rows` of it (sorted, distinct): `loss`
   * receives a copy of those rows to use instead, and only they are updated.
   */
  minimize(
    loss: (rows: tf.Tensor2D | null) => tf.Scalar,
    sparse?: { readonly index: number; readonly rows: Int32Array },
  ): number {
    // The variable shares the gathered rows' data, so the gather's own handle is released at once
    // (keeping it leaked one tensor per step: a long SASRec run exhausted the wasm heap at epoch 75).
    const gathered = sparse ? tf.gather(this.variables[sparse.index], sparse.rows) : null;
    const local = gathered ? tf.variable(gathered, true) : null;
    gathered?.dispose();
    const dense = this.variables.filter((_, i) => i !== sparse?.index);
    const { value, grads } = tf.variableGrads(
      () => loss(local as tf.Tensor2D | null),
      local ? [...dense, local] : dense,
    );
    this.t++;
    tf.tidy(() => {
      this.variables.forEach((x, i) => {
        if (i === sparse?.index || !grads[x.name]) return;
        const u = this.update(x, this.m[i], this.v[i], grads[x.name]);
        this.m[i].assign(u.m);
        this.v[i].assign(u.v);
        x.assign(u.x);
      });
      if (sparse && local) {
        const k = sparse.index;
        const at = tf.tensor2d(sparse.rows, [sparse.rows.length, 1], 'int32');
        const rows = (t: tf.Tensor) => tf.gather(t, sparse.rows);
        const u = this.update(local, rows(this.m[k]), rows(this.v[k]), grads[local.name]);
        this.m[k].assign(tf.tensorScatterUpdate(this.m[k], at, u.m));
        this.v[k].assign(tf.tensorScatterUpdate(this.v[k], at, u.v));
        this.variables[k].assign(tf.tensorScatterUpdate(this.variables[k], at, u.x));
      }
    });
    const out = value.dataSync()[0];
    tf.dispose([value, ...Object.values(grads)]);
    local?.dispose();
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

/** βᵗ as `tf.train.adam` keeps it: a float32 running product, rounded after every factor. */
function float32Power(beta: number, t: number): number {
  const b = Math.fround(beta);
  let p = b;
  for (let k = 1; k < t; k++) p = Math.fround(p * b);
  return p;
}
