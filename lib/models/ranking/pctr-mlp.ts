import { requireInt } from '../../errors';
import type { Rng } from '../../random/rng';

/**
 * A one-hidden-layer pCTR network on dense features, in plain TypeScript (small enough that
 * hand-written backprop beats TF.js dispatch overhead; gradients are checked by finite differences):
 *
 *   h = relu(W₁ᵀx + b₁),  z = w₂·h + b₂,  p = σ(z),
 *   loss = mean over rows of −[y ln p + (1 − y) ln(1 − p)],
 *   ∂loss/∂z = (p − y)/n,  ∂/∂w₂ = (p − y)h/n,  ∂/∂h = (p − y)w₂/n,
 *   ∂/∂W₁[f,j] = x_f · 1[h_j > 0] · ∂/∂h_j.
 *
 * Parameters live in one Float32Array (W₁ row-major F × H, then b₁, w₂, b₂) so Adam and
 * checkpoints treat them as one vector.
 */
export class PctrMlp {
  readonly params: Float32Array;
  readonly grad: Float32Array;
  private readonly h: Float64Array;
  private readonly oB1: number;
  private readonly oW2: number;
  private readonly oB2: number;

  constructor(
    readonly inputDim: number,
    readonly hidden: number,
    rng: Rng,
  ) {
    requireInt('inputDim', inputDim, 1);
    requireInt('hidden', hidden, 1);
    const F = inputDim;
    const H = hidden;
    this.oB1 = F * H;
    this.oW2 = this.oB1 + H;
    this.oB2 = this.oW2 + H;
    this.params = new Float32Array(this.oB2 + 1);
    this.grad = new Float32Array(this.params.length);
    this.h = new Float64Array(H);
    // He initialisation for the ReLU layer, Xavier-like for the output.
    const s1 = Math.sqrt(2 / F);
    for (let k = 0; k < F * H; k++) this.params[k] = s1 * rng.normal();
    const s2 = Math.sqrt(1 / H);
    for (let j = 0; j < H; j++) this.params[this.oW2 + j] = s2 * rng.normal();
  }

  /** z for the row x[offset … offset + F); leaves the hidden activations in `this.h`. */
  logit(x: Float32Array, offset: number): number {
    const { params: p, h, inputDim: F, hidden: H } = this;
    for (let j = 0; j < H; j++) h[j] = p[this.oB1 + j];
    for (let f = 0; f < F; f++) {
      const xf = x[offset + f];
      if (xf === 0) continue;
      for (let j = 0, w = f * H; j < H; j++) h[j] += xf * p[w + j];
    }
    let z = p[this.oB2];
    for (let j = 0; j < H; j++) {
      if (h[j] < 0) h[j] = 0;
      z += p[this.oW2 + j] * h[j];
    }
    return z;
  }

  /**
   * Mean log loss over `rows` of the row-major feature matrix x (labels y), writing its gradient
   * into `this.grad` (overwritten).
   */
  lossAndGrad(x: Float32Array, y: ArrayLike<number>, rows: ArrayLike<number>): number {
    const { params: p, grad: g, h, inputDim: F, hidden: H } = this;
    g.fill(0);
    const n = rows.length;
    let loss = 0;
    for (let k = 0; k < n; k++) {
      const r = rows[k];
      const z = this.logit(x, r * F);
      const label = y[r];
      // Stable log loss: ln(1 + e^z) − y z.
      loss += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - label * z;
      const dz = (1 / (1 + Math.exp(-z)) - label) / n;
      g[this.oB2] += dz;
      for (let j = 0; j < H; j++) {
        if (h[j] <= 0) continue;
        g[this.oW2 + j] += dz * h[j];
        const dh = dz * p[this.oW2 + j];
        g[this.oB1 + j] += dh;
        for (let f = 0; f < F; f++) {
          const xf = x[r * F + f];
          if (xf !== 0) g[f * H + j] += xf * dh;
        }
      }
    }
    return loss / n;
  }
}
