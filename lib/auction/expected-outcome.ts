import { PinlabInputError } from '../errors';
import type { PositionAuctionResult } from './position';

/**
 * Expected actions and payments per impression of a filled position auction when ad a acts with
 * probability `pAction[a]` times the slot's position factor and pays its per-click price per action:
 * actions = Σ_j pAction[ad_j] · slotCtrs[j], revenue = Σ_j price_j · pAction[ad_j] · slotCtrs[j]
 * (what an auction run with quality = pAction charges; one run on bids alone, too).
 */
export function expectedOutcome(
  result: Pick<PositionAuctionResult, 'allocation' | 'pricePerClick'>,
  pAction: ArrayLike<number>,
  slotCtrs: ArrayLike<number>,
): { actions: number; revenue: number } {
  if (result.allocation.length > slotCtrs.length) {
    throw new PinlabInputError(
      'slotCtrs',
      `has ${slotCtrs.length} slots, fewer than the ${result.allocation.length} filled`,
    );
  }
  let actions = 0;
  let revenue = 0;
  result.allocation.forEach((ad, j) => {
    const p = pAction[ad];
    if (p === undefined) throw new PinlabInputError('pAction', `has no probability for ad ${ad}`, ad);
    actions += p * slotCtrs[j];
    revenue += result.pricePerClick[j] * p * slotCtrs[j];
  });
  return { actions, revenue };
}
