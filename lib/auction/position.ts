import { PinlabInputError } from '../errors';
import { PositionAuctionEngine } from './engine';
import { requireArrayLike, requireRule, type Mechanism, type PricingRule } from './validate';

export interface PositionAuctionInput {
  mechanism: Mechanism;
  /** Per-click bids, one per ad. */
  bids: number[];
  /** Position click-through factors, best slot first, non-increasing, >= 0. */
  slotCtrs: number[];
  /** Per-ad P(action) in (0, 1], default all 1; clicks(i, s) = quality[i] · slotCtrs[s]. */
  quality?: number[];
  /** Per-click floor; an ad is eligible iff bid >= reserve (inclusive). Default 0. */
  reserve?: number;
}

export interface PositionAuctionResult {
  /** Ad index per filled slot, best slot first. */
  allocation: number[];
  /** Price per click, per filled slot. */
  pricePerClick: number[];
  /** Expected payment per filled slot = pricePerClick · clicks. */
  payment: number[];
  /** Sum of payment. */
  revenue: number;
}

export interface SingleItemResult {
  /** The winning bidder, or null when no bid reaches the reserve. */
  winner: number | null;
  /** What the winner pays (0 when there is no winner). */
  price: number;
}

// One shared engine: JavaScript runs these calls one at a time, and its buffers only grow.
const shared = new PositionAuctionEngine();
const ONE_SLOT = [1];
const MECHANISMS: readonly Mechanism[] = ['gsp', 'vcg'];

/**
 * Sells ranked ad slots by GSP or VCG with quality-weighted (eCPM = bid × quality) ranking, ties
 * to the lower index; see `PositionAuctionEngine` for the exact pricing formulas. Throws
 * `PinlabInputError` naming the field (and index) for NaN/±Infinity/negative bids or CTRs,
 * quality outside (0, 1], length mismatches, increasing `slotCtrs` and unknown mechanisms.
 */
export function positionAuction(input: PositionAuctionInput): PositionAuctionResult {
  if (typeof input !== 'object' || input === null) throw new PinlabInputError('input', 'must be an object');
  requireRule(input.mechanism, MECHANISMS);
  requireArrayLike('bids', input.bids);
  requireArrayLike('slotCtrs', input.slotCtrs);
  if (input.quality !== undefined) requireArrayLike('quality', input.quality);
  const filled = shared.run(input.mechanism, input.bids, input.slotCtrs, input.quality, input.reserve ?? 0);
  const allocation = new Array<number>(filled);
  const pricePerClick = new Array<number>(filled);
  const payment = new Array<number>(filled);
  for (let j = 0; j < filled; j++) {
    allocation[j] = shared.allocation[j];
    pricePerClick[j] = shared.pricePerClick[j];
    payment[j] = shared.payment[j];
  }
  return { allocation, pricePerClick, payment, revenue: shared.revenue };
}

/** Vickrey's sealed-bid second-price auction: the highest bid >= reserve wins (ties to the lower
 * index) and pays max(second-highest eligible bid, reserve). */
export function secondPriceAuction(bids: number[], reserve?: number): SingleItemResult {
  return singleItem('gsp', bids, reserve);
}

/** First-price (pay-your-bid) sealed-bid auction: the highest bid >= reserve wins and pays it. */
export function firstPriceAuction(bids: number[], reserve?: number): SingleItemResult {
  return singleItem('first-price', bids, reserve);
}

function singleItem(rule: PricingRule, bids: number[], reserve = 0): SingleItemResult {
  requireArrayLike('bids', bids);
  const filled = shared.run(rule, bids, ONE_SLOT, undefined, reserve);
  return filled === 0 ? { winner: null, price: 0 } : { winner: shared.allocation[0], price: shared.pricePerClick[0] };
}
