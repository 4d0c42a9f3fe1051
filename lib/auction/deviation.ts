import { PinlabInputError, requireFinite, requireInt } from '../errors';
import { PositionAuctionEngine } from './engine';
import { requireArrayLike, type PricingRule } from './validate';

/** An auction as one bidder sees it: everyone's bids, the rule, slots, qualities and reserve. */
export interface BidderGame {
  mechanism: PricingRule;
  bids: number[];
  slotCtrs: number[];
  quality?: number[];
  reserve?: number;
}

export interface BestResponse {
  /** A utility-maximising bid (the lowest such among the candidates tried). */
  bid: number;
  utility: number;
  /** Utility at the bid in `game.bids`. */
  currentUtility: number;
  /** utility − currentUtility (>= 0). */
  gain: number;
}

const engine = new PositionAuctionEngine();

/** Quasi-linear utility of `bidder` (value per click `value`) from the last engine run. */
function utilityFromEngine(game: BidderGame, bidder: number, value: number): number {
  for (let j = 0; j < engine.filled; j++) {
    if (engine.allocation[j] !== bidder) continue;
    const clicks = (game.quality === undefined ? 1 : game.quality[bidder]) * game.slotCtrs[j];
    return clicks * value - engine.payment[j];
  }
  return 0;
}

function checkBidder(game: BidderGame, bidder: number, value: number): void {
  requireArrayLike('bids', game.bids);
  requireInt('bidder', bidder, 0, game.bids.length - 1);
  requireFinite('value', value, 0);
}

/** `bidder`'s utility clicks·(value − price per click) at each bid of `bidGrid`, others fixed. */
export function utilityCurve(game: BidderGame, bidder: number, value: number, bidGrid: ArrayLike<number>): number[] {
  checkBidder(game, bidder, value);
  const bids = game.bids.slice();
  const out = new Array<number>(bidGrid.length);
  for (let g = 0; g < bidGrid.length; g++) {
    bids[bidder] = bidGrid[g];
    engine.run(game.mechanism, bids, game.slotCtrs, game.quality, game.reserve ?? 0);
    out[g] = utilityFromEngine(game, bidder, value);
  }
  return out;
}

/**
 * Exhaustive best response of one bidder, others' bids fixed. In GSP and VCG the bidder's
 * outcome depends on its own bid only through its rank (prices are set by the others), so
 * utility is a step function of the bid with steps at the others' scores divided by its own
 * quality. Trying each step point, a point just above it (relative 1e-9), 0, the reserve, the
 * current bid and the value therefore covers every achievable outcome. (Pay-your-bid rules
 * are searched at the same points, so there the answer is the best step edge.)
 */
export function bestResponse(game: BidderGame, bidder: number, value: number): BestResponse {
  checkBidder(game, bidder, value);
  const q = game.quality === undefined ? 1 : game.quality[bidder];
  if (!(q > 0 && q <= 1)) throw new PinlabInputError('quality', `must be in (0, 1], got ${String(q)}`, bidder);
  const candidates = [0, game.reserve ?? 0, game.bids[bidder], value];
  for (let j = 0; j < game.bids.length; j++) {
    if (j === bidder) continue;
    const t = (game.bids[j] * (game.quality === undefined ? 1 : game.quality[j])) / q;
    if (Number.isFinite(t)) candidates.push(t, t + Math.max(t, 1e-300) * 1e-9);
  }
  const utilities = utilityCurve(game, bidder, value, candidates);
  const currentUtility = utilities[2];
  let best = 2;
  for (let c = 0; c < candidates.length; c++) {
    const better = utilities[c] > utilities[best];
    const tieLower = utilities[c] === utilities[best] && candidates[c] < candidates[best];
    if (better || tieLower) best = c;
  }
  return { bid: candidates[best], utility: utilities[best], currentUtility, gain: utilities[best] - currentUtility };
}

/**
 * Searches every bidder's best response against the others' bids, where `values` are the true
 * per-click values. Returns the first bidder who gains more than tolerance·(1 + |utility|), or
 * null if the bid profile is a Nash equilibrium (up to that tolerance).
 */
export function findProfitableDeviation(
  game: BidderGame,
  values: number[],
  tolerance = 1e-9,
): (BestResponse & { bidder: number }) | null {
  requireArrayLike('values', values);
  if (values.length !== game.bids.length) {
    throw new PinlabInputError(
      'values',
      `must have one entry per bid (${game.bids.length}), got length ${values.length}`,
    );
  }
  for (let i = 0; i < values.length; i++) {
    const br = bestResponse(game, i, values[i]);
    if (br.gain > tolerance * (1 + Math.abs(br.currentUtility))) return { bidder: i, ...br };
  }
  return null;
}
