/**
 * Pairwise ranking loss of a positive score s⁺ against negative scores s⁻. With x = s⁻ − s⁺ + Δ,
 * per term
 *   hinge (max-margin, PinSage):  ℓ(x) = max(0, x)
 *   bpr:                          ℓ(x) = softplus(x) = ln(1 + eˣ)     (Δ = 0)
 * with slope ℓ'(x) = ∂ℓ/∂s⁻ = −∂ℓ/∂s⁺ (1[x > 0], resp. σ(x)). A −∞ negative (a masked accidental
 * hit, ./accidental-hits) contributes 0 and slope 0 under both.
 */
export type PairwiseKind = 'hinge' | 'bpr';

export interface PairwiseRanking {
  readonly kind: PairwiseKind;
  /** Δ of the hinge (bpr has none). */
  readonly margin: number;
}

/** The Δ added to s⁻ − s⁺ (0 for bpr). */
export function rankingMargin(loss: PairwiseRanking): number {
  return loss.kind === 'bpr' ? 0 : loss.margin;
}

/**
 * −ln σ(x) = ln(1 + e⁻ˣ), the BPR loss of a margin x = s⁺ − s⁻, without overflow for either sign.
 * The form MF-BPR's and LightGCN's recorded losses were computed in (`pairwiseTerm`'s softplus rounds
 * differently).
 */
export function bprLogLoss(x: number): number {
  return x > 0 ? Math.log1p(Math.exp(-x)) : -x + Math.log1p(Math.exp(x));
}

/** ℓ(x) at x = s⁻ − s⁺ + Δ, its slope written to `slope[0]` (softplus shares exp(−|x|) between the two). */
export function pairwiseTerm(kind: PairwiseKind, x: number, slope: number[]): number {
  if (kind === 'bpr') {
    const e = Math.exp(-Math.abs(x));
    slope[0] = x > 0 ? 1 / (1 + e) : e / (1 + e);
    return Math.max(x, 0) + Math.log1p(e);
  }
  slope[0] = x > 0 ? 1 : 0;
  return x > 0 ? x : 0;
}

/**
 * One positive against negatives' scores `row[from … from + n)` (shared negatives): adds
 * weight · Σ ℓ to `acc.loss` and weight · Σ ℓ' (= −∂L/∂s⁺) to `acc.active`, and overwrites each
 * score with its coefficient ∂L/∂s⁻ = weight · ℓ'.
 */
export function rankAgainstRow(
  loss: PairwiseRanking,
  positive: number,
  row: Float32Array,
  from: number,
  n: number,
  weight: number,
  acc: { loss: number; active: number },
): void {
  const slope = [0];
  const margin = rankingMargin(loss);
  for (let k = from; k < from + n; k++) {
    acc.loss += weight * pairwiseTerm(loss.kind, row[k] - positive + margin, slope);
    row[k] = weight * slope[0];
    acc.active += weight * slope[0];
  }
}
