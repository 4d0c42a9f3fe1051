import { requireFinite } from '../errors';

/**
 * Dense Adam (Kingma & Ba 2015) over one Float32Array of parameters, in place:
 *   m ← β1 m + (1 − β1) g,  v ← β2 v + (1 − β2) g²,
 *   θ ← θ − lr · (m / (1 − β1ᵗ)) / (√(v / (1 − β2ᵗ)) + ε).
 * Moments are allocated once; `step` allocates nothing.
 */
export class Adam {
  readonly m: Float32Array;
  readonly v: Float32Array;
  t = 0;

  constructor(
    readonly size: number,
    public lr: number,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly eps = 1e-8,
  ) {
    requireFinite('lr', lr, 0);
    this.m = new Float32Array(size);
    this.v = new Float32Array(size);
  }

  /**
   * One update. `prefix` gives the first `count` parameters their own learning rate (e.g.
   * pretrained embeddings fine-tuned more gently than the layers on top of them).
   */
  step(params: Float32Array, grad: Float32Array, prefix?: { count: number; lr: number }): void {
    this.t++;
    const { m, v, beta1: b1, beta2: b2, eps } = this;
    const c1 = 1 / (1 - b1 ** this.t);
    const c2 = 1 / (1 - b2 ** this.t);
    const split = prefix ? prefix.count : 0;
    for (const [from, to, lr] of [
      [0, split, prefix?.lr ?? 0],
      [split, params.length, this.lr],
    ]) {
      for (let k = from; k < to; k++) {
        const g = grad[k];
        const mk = (m[k] = b1 * m[k] + (1 - b1) * g);
        const vk = (v[k] = b2 * v[k] + (1 - b2) * g * g);
        params[k] -= (lr * mk * c1) / (Math.sqrt(vk * c2) + eps);
      }
    }
  }
}
