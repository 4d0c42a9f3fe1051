import { PinlabInputError } from '../errors';
import {
  requireAds,
  requireQualityLength,
  requireReserve,
  requireRule,
  requireSlotCtrs,
  type PricingRule,
} from './validate';

const RULES: readonly PricingRule[] = ['gsp', 'vcg', 'first-price'];

/**
 * The position auction with reusable buffers: the hot path behind `positionAuction`,
 * `secondPriceAuction`, the deviation search and the Monte Carlo loops.
 *
 * Model. Ad i bids b_i per click and has quality q_i (P(action), default 1); slot s has position
 * factor α_s (non-increasing). Ad i in slot s gets q_i·α_s clicks. Ads with b_i ≥ r (the reserve,
 * inclusive) are eligible and ranked by score s_i = b_i·q_i (eCPM), ties by lower index; the
 * top min(K, m) fill the K slots. With s_(j) the j-th ranked score (0 past the last eligible ad):
 *
 * - GSP: price per click of slot j is max(s_(j+1) / q_(j), r): the least bid that keeps slot j.
 * - VCG: expected payment of slot j is the externality on the ads below, the reserve acting as
 *   phantom ads of score q_(j)·r filling every slot:
 *   P_j = Σ_{t=j}^{K} (α_t − α_{t+1}) · max(s_(t+1), q_(j)·r),  α_{K+1} = 0,
 *   i.e. Myerson's threshold payment for a click-share that steps up at each competitor's score.
 *   Price per click = P_j / (q_(j)·α_j); for a zero-CTR slot (no clicks) we report the limit as
 *   α_j → 0, which is the GSP price.
 * - first-price (pay your bid): price per click b_(j).
 *
 * Selection keeps the top K+1 scores in a sorted buffer by insertion: one comparison per ad in
 * the common case; for ads in random order about (K+1)·ln(n/(K+1)) insertions of O(K) each, so
 * O(n + K²·log n) expected, no sort and no allocation once buffers are sized. Validation is fused
 * into the same pass. VCG prices come from one suffix sum: O(K) per auction.
 *
 * Results are views valid until the next `run`: `allocation`, `pricePerClick`, `payment` (first
 * `filled` entries), `revenue`; `ranked`/`rankedScore` (first `rankedCount` entries) are the
 * top K+1 eligible ads, used by equilibrium constructions.
 */
export class PositionAuctionEngine {
  allocation = new Int32Array(16);
  pricePerClick = new Float64Array(16);
  payment = new Float64Array(16);
  ranked = new Int32Array(17);
  rankedScore = new Float64Array(17);
  private suffix = new Float64Array(17);
  filled = 0;
  rankedCount = 0;
  revenue = 0;

  /** Runs one auction; returns the number of filled slots. */
  run(
    rule: PricingRule,
    bids: ArrayLike<number>,
    slotCtrs: ArrayLike<number>,
    quality?: ArrayLike<number>,
    reserve = 0,
  ): number {
    requireRule(rule, RULES);
    requireReserve(reserve);
    requireSlotCtrs(slotCtrs);
    const n = bids.length;
    requireQualityLength(quality, n);
    const K = slotCtrs.length;
    this.ensureCapacity(K);

    const m = selectTop(this.rankedScore, this.ranked, bids, quality ?? onesOf(n), K + 1, reserve);
    if (m < 0) {
      // selectTop stopped at the first invalid ad; requireAds names it (field, index, value).
      requireAds(bids, quality);
      throw new PinlabInputError('bids', 'bid or quality outside its domain');
    }
    this.rankedCount = m;
    const filled = m < K ? m : K;
    this.filled = filled;

    // Pricing stays a separate method: inlined into run() it slowed whole auctions by 10-25 % in A/B runs.
    this.revenue = this.price(rule, bids, slotCtrs, quality, reserve, m, filled);
    // Payments are >= 0, so an overflow anywhere (a price, VCG's sums) shows here as Infinity or NaN.
    if (!(this.revenue < Infinity)) {
      const max = Number.MAX_VALUE.toExponential(1);
      throw new PinlabInputError('bids', `payments overflow (revenue ${this.revenue}): they must sum below ${max}`);
    }
    return filled;
  }

  /** Prices the `filled` slots from the ranked top `m`; returns the revenue. */
  private price(
    rule: PricingRule,
    bids: ArrayLike<number>,
    slotCtrs: ArrayLike<number>,
    quality: ArrayLike<number> | undefined,
    reserve: number,
    m: number,
    filled: number,
  ): number {
    const score = this.rankedScore;
    const ranked = this.ranked;
    const vcg = rule === 'vcg';
    if (vcg) vcgSuffixSums(score, m, slotCtrs, this.suffix);
    let revenue = 0;
    for (let j = 0; j < filled; j++) {
      const ad = ranked[j];
      const q = quality === undefined ? 1 : quality[ad];
      const alpha = slotCtrs[j];
      const clicks = q * alpha;
      let ppc: number;
      if (rule === 'first-price') {
        ppc = bids[ad];
      } else {
        ppc =
          !vcg || clicks === 0
            ? (j + 1 < m ? score[j + 1] : 0) / q
            : vcgPayment(score, m, slotCtrs, this.suffix, j, q * reserve) / clicks;
        // GSP's floor; for VCG P_j >= q·α_j·r holds exactly, and this restores it under rounding.
        if (ppc < reserve) ppc = reserve;
      }
      const pay = ppc * clicks;
      this.allocation[j] = ad;
      this.pricePerClick[j] = ppc;
      this.payment[j] = pay;
      revenue += pay;
    }
    return revenue;
  }

  private ensureCapacity(K: number): void {
    if (this.allocation.length >= K) return;
    const size = Math.max(K, 2 * this.allocation.length);
    this.allocation = new Int32Array(size);
    this.pricePerClick = new Float64Array(size);
    this.payment = new Float64Array(size);
    this.ranked = new Int32Array(size + 1);
    this.rankedScore = new Float64Array(size + 1);
    this.suffix = new Float64Array(size + 1);
  }
}

/**
 * Keeps the top `cap` eligible ads by score bid × quality in `score`/`ranked` (descending, ties to
 * the lower index) and returns how many were kept, or -1 at the first invalid bid or quality.
 * The loop makes no calls, insertion included, so its speed does not hinge on V8's inlining
 * budget in the caller. Ads at or below the floor (nearly all) take a three-comparison check: there
 * s <= floor is finite, and with q > 0, s >= 0 implies b >= 0 and s not NaN.
 */
function selectTop(
  score: Float64Array,
  ranked: Int32Array,
  bids: ArrayLike<number>,
  quality: ArrayLike<number>,
  cap: number,
  reserve: number,
): number {
  let count = 0;
  // Smallest kept score once the buffer is full; an ad must beat it strictly (ties: lower index wins).
  let floor = -1;
  for (let i = 0, n = bids.length; i < n; i++) {
    const b = bids[i];
    const q = quality[i];
    const s = b * q;
    if (s > floor) {
      if (!(b >= 0 && q > 0 && q <= 1 && s < Infinity) || typeof b !== 'number' || typeof q !== 'number') return -1;
      if (b >= reserve) {
        // Insert after every kept entry with score >= s (those have lower indices).
        let j = count < cap ? count++ : cap - 1;
        for (; j > 0 && score[j - 1] < s; j--) {
          score[j] = score[j - 1];
          ranked[j] = ranked[j - 1];
        }
        score[j] = s;
        ranked[j] = i;
        if (count === cap) floor = score[cap - 1];
      }
    } else if (!(s >= 0 && q > 0 && q <= 1) || typeof b !== 'number' || typeof q !== 'number') {
      return -1;
    }
  }
  return count;
}

// All-ones quality for unweighted calls, so one selection loop serves both. Created from a
// non-integer so it is a double array like callers' quality arrays (one element kind in the loop).
let ones: number[] = [];
function onesOf(n: number): number[] {
  if (ones.length < n) {
    ones = Array.from({ length: n }, () => 0.5);
    ones.fill(1);
  }
  return ones;
}

/**
 * Suffix sums S_t = Σ_{u=t}^{K−1} (α_u − α_{u+1})·s_(u+1) (0-based, α_K = 0, s_(u) = 0 past the
 * last ranked ad) into S[0..K], S_K = 0: the VCG payments before the reserve's phantom ads.
 */
function vcgSuffixSums(score: Float64Array, m: number, alpha: ArrayLike<number>, S: Float64Array): void {
  const K = alpha.length;
  let acc = 0;
  let below = 0;
  S[K] = 0;
  for (let t = K - 1; t >= 0; t--) {
    acc += (alpha[t] - below) * (t + 1 < m ? score[t + 1] : 0);
    below = alpha[t];
    S[t] = acc;
  }
}

/**
 * VCG expected payment of slot j: Σ_{t=j}^{K−1} (α_t − α_{t+1})·max(s_(t+1), phantom). Scores fall
 * with t, so the terms where the phantom wins form a tail [c, K) that telescopes to phantom·α_c:
 * the payment is S_j − S_c + phantom·α_c, c found from the end (c = K unless the reserve binds).
 */
function vcgPayment(
  score: Float64Array,
  m: number,
  alpha: ArrayLike<number>,
  S: Float64Array,
  j: number,
  phantom: number,
): number {
  const K = alpha.length;
  let c = K;
  while (c > j && (c < m ? score[c] : 0) <= phantom) c--;
  return c === K ? S[j] : S[j] - S[c] + phantom * alpha[c];
}
