import { PinlabInputError } from '../errors';
import type { Lift } from './ab';

/** How a measured effect compares with a published one. */
export type Verdict = 'reproduces' | 'direction only' | 'direction only, not significant' | 'does not reproduce';

/**
 * "reproduces" when the estimate lies in the published range; "direction only" when it has the
 * published sign (with its interval excluding no effect: `significant`) but another size.
 */
export function verdict(inRange: boolean, sameSign: boolean, significant: boolean): Verdict {
  if (inRange) return 'reproduces';
  if (!sameSign) return 'does not reproduce';
  return significant ? 'direction only' : 'direction only, not significant';
}

/** The contextual generator's measured effects, as notebook 05 computes them. */
export interface ContextualClaimInputs {
  /** Recall@K lift (contextual / context-blind) at each of `ks`, with bootstrap intervals. */
  readonly recallLifts: readonly Lift[];
  readonly ks: readonly number[];
  /** Median candidate relevance, treatment / control − 1. */
  readonly relevanceLift: number;
  /** The sequential generator's impressions in the control and treatment arms, and its share in control. */
  readonly impressionsControl: number;
  readonly impressionsTreatment: number;
  readonly impressionShareControl: number;
  readonly roas: Lift;
  readonly expectedRoas: Lift;
}

export interface ClaimCheck {
  readonly id: 'recall' | 'relevance' | 'impressions' | 'impression_share' | 'roas';
  readonly claim: string;
  readonly ours: string;
  readonly verdict: Verdict;
}

/**
 * The five published claims of the contextual two-tower post (seed 003) checked against a run:
 * Recall@K 3–10×, median candidate relevance +275–300 %, 2× (1.8–2.2×) candidates reaching an
 * impression, under 1 % of impressions from the sequential generator before, ROAS +0.7 % (inside
 * the expected-ROAS lift's interval, which must be positive).
 */
export function contextualClaims(m: ContextualClaimInputs): ClaimCheck[] {
  if (m.recallLifts.length === 0 || m.recallLifts.length !== m.ks.length) {
    throw new PinlabInputError('recallLifts', `needs one lift per K (${m.ks.length}), got ${m.recallLifts.length}`);
  }
  const estimates = m.recallLifts.map((l) => l.estimate);
  const minLift = Math.min(...estimates);
  const maxLift = Math.max(...estimates);
  const ratio = m.impressionsTreatment / Math.max(1, m.impressionsControl);
  const er = m.expectedRoas;
  return [
    {
      id: 'recall',
      claim: 'Recall@K 3–10× (contextual vs context-blind)',
      ours: `${minLift.toFixed(2)}× – ${maxLift.toFixed(2)}× over K = ${m.ks.join(', ')}`,
      verdict: verdict(
        minLift >= 3 && maxLift <= 10,
        minLift > 1,
        m.recallLifts.every((l) => l.lower > 1),
      ),
    },
    {
      id: 'relevance',
      claim: 'median candidate relevance +275–300%',
      ours: `${(100 * m.relevanceLift).toFixed(0)}%`,
      verdict: verdict(m.relevanceLift >= 2.75 && m.relevanceLift <= 3, m.relevanceLift > 0, true),
    },
    {
      id: 'impressions',
      claim: '2× candidates reaching impression',
      ours: `${ratio.toFixed(2)}× (${m.impressionsControl} → ${m.impressionsTreatment})`,
      verdict: verdict(ratio >= 1.8 && ratio <= 2.2, ratio > 1, true),
    },
    {
      id: 'impression_share',
      claim: 'before: < 1% of impressions from the sequential generator',
      ours: `${(100 * m.impressionShareControl).toFixed(1)}%`,
      verdict: m.impressionShareControl < 0.01 ? 'reproduces' : 'does not reproduce',
    },
    {
      id: 'roas',
      claim: 'ROAS +0.7%',
      ours: `${(100 * m.roas.estimate).toFixed(2)}% (95% CI ${(100 * m.roas.lower).toFixed(1)}% to ${(100 * m.roas.upper).toFixed(1)}%); expected ${(100 * er.estimate).toFixed(2)}%`,
      verdict: verdict(er.lower <= 0.007 && 0.007 <= er.upper && er.estimate > 0, er.estimate > 0, er.lower > 0),
    },
  ];
}
