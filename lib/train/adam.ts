import { requireFinite } from '../errors';
import { runElementwise } from '../linalg/elementwise';
import { sharedFloats, task } from '../parallel';

/**
 * Dense Adam (Kingma & Ba 2015) over one Float32Array of parameters, in place:
 *   m ← β1 m + (1 − β1) g,  v ← β2 v + (1 − β2) g²,
 *   θ ← θ − lr · (m / (1 − β1ᵗ)) / (√(v / (1 − β2ᵗ)) + ε).
 * Moments are allocated once, on SharedArrayBuffers; `step` allocates nothing. When the
 * parameters and gradient are shared too, `step` runs on the worker pool (lib/parallel): every
 * element is updated by one chunk with the same arithmetic, so the result is bit-identical at
 * any thread count.
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
    this.m = sharedFloats(size);
    this.v = sharedFloats(size);
  }

  /**
   * One update. `prefix` gives the first `count` parameters their own learning rate (e.g.
   * pretrained embeddings fine-tuned more gently than the layers on top of them).
   */
  step(params: Float32Array, grad: Float32Array, prefix?: { count: number; lr: number }): void {
    this.t++;
    const { m, v, beta1: b1, beta2: b2, eps } = this;
    const args = {
      params,
      grad,
      m,
      v,
      b1,
      b2,
      eps,
      c1: 1 / (1 - b1 ** this.t),
      c2: 1 / (1 - b2 ** this.t),
      split: prefix ? prefix.count : 0,
      prefixLr: prefix?.lr ?? 0,
      lr: this.lr,
    };
    runElementwise(adamTask, args, params.length);
  }
}

/** Adam's update of elements [lo, hi): those below `split` at `prefixLr`, the rest at `lr`. */
export const adamTask = task(__filename, 'adamTask', (a, lo, hi) => {
  const params = a.params as Float32Array,
    grad = a.grad as Float32Array,
    m = a.m as Float32Array,
    v = a.v as Float32Array;
  const b1 = a.b1 as number,
    b2 = a.b2 as number,
    eps = a.eps as number,
    c1 = a.c1 as number,
    c2 = a.c2 as number,
    split = a.split as number;
  for (const [from, to, lr] of [
    [lo, Math.min(hi, split), a.prefixLr as number],
    [Math.max(lo, split), hi, a.lr as number],
  ]) {
    for (let k = from; k < to; k++) {
      const g = grad[k];
      const mk = (m[k] = b1 * m[k] + (1 - b1) * g);
      const vk = (v[k] = b2 * v[k] + (1 - b2) * g * g);
      params[k] -= (lr * mk * c1) / (Math.sqrt(vk * c2) + eps);
    }
  }
});
