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
 * O(n + K²·log n) expected, no sort and no allocation once buffers are sized.
 * Validation is fused into the same pass.
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

    const m = quality === undefined ? this.selectPlain(bids, K + 1, reserve) : this.selectWeighted(bids, quality, K + 1, reserve);
    this.rankedCount = m;
    const filled = m < K ? m : K;
    this.filled = filled;

    const score = this.rankedScore;
    const ranked = this.ranked;
    let revenue = 0;
    for (let j = 0; j < filled; j++) {
      const ad = ranked[j];
      const q = quality === undefined ? 1 : quality[ad];
      const alpha = slotCtrs[j];
      const clicks = q * alpha;
      const next = j + 1 < m ? score[j + 1] : 0;
      let ppc: number;
      if (rule === 'first-price') {
        ppc = bids[ad];
      } else {
        ppc = rule === 'gsp' || clicks === 0 ? next / q : vcgPayment(score, m, slotCtrs, j, q * reserve) / clicks;
        // GSP's floor; for VCG P_j >= q·α_j·r holds exactly, and this restores it under rounding.
        if (ppc < reserve) ppc = reserve;
      }
      const pay = ppc * clicks;
      this.allocation[j] = ad;
      this.pricePerClick[j] = ppc;
      this.payment[j] = pay;
      revenue += pay;
    }
    this.revenue = revenue;
    return filled;
  }

  /** Top-`cap` eligible ads by bid (quality 1); returns how many were kept. */
  private selectPlain(bids: ArrayLike<number>, cap: number, reserve: number): number {
    const score = this.rankedScore;
    const ranked = this.ranked;
    let count = 0;
    // Smallest kept score once the buffer is full; an ad must beat it strictly (ties: lower index wins).
    let floor = -1;
    for (let i = 0, n = bids.length; i < n; i++) {
      const b = bids[i];
      // typeof is folded away by V8 on arrays of doubles; it rejects null/strings that compare as numbers.
      if (!(b >= 0 && b < Infinity) || typeof b !== 'number') requireAds(bids, undefined);
      if (b > floor && b >= reserve) {
        count = insert(score, ranked, count, cap, b, i);
        if (count === cap) floor = score[cap - 1];
      }
    }
    return count;
  }

  /** Top-`cap` eligible ads by bid × quality; returns how many were kept. */
  private selectWeighted(bids: ArrayLike<number>, quality: ArrayLike<number>, cap: number, reserve: number): number {
    const score = this.rankedScore;
    const ranked = this.ranked;
    let count = 0;
    let floor = -1;
    for (let i = 0, n = bids.length; i < n; i++) {
      const b = bids[i];
      const q = quality[i];
      const s = b * q;
      // One predictable combined test (q <= 1 makes s finite iff b is); requireAds says what failed.
      if (!(b >= 0 && q > 0 && q <= 1 && s < Infinity) || typeof b !== 'number' || typeof q !== 'number') requireAds(bids, quality);
      if (s > floor && b >= reserve) {
        count = insert(score, ranked, count, cap, s, i);
        if (count === cap) floor = score[cap - 1];
      }
    }
    return count;
  }

  private ensureCapacity(K: number): void {
    if (this.allocation.length >= K) return;
    const size = Math.max(K, 2 * this.allocation.length);
    this.allocation = new Int32Array(size);
    this.pricePerClick = new Float64Array(size);
    this.payment = new Float64Array(size);
    this.ranked = new Int32Array(size + 1);
    this.rankedScore = new Float64Array(size + 1);
  }
}

/**
 * Inserts (s, i) into the descending buffer of `count` entries (capacity `cap`), after every
 * entry with score >= s, since those have lower indices; returns the new count.
 */
function insert(score: Float64Array, ranked: Int32Array, count: number, cap: number, s: number, i: number): number {
  let j = count < cap ? count++ : cap - 1;
  while (j > 0 && score[j - 1] < s) {
    score[j] = score[j - 1];
    ranked[j] = ranked[j - 1];
    j--;
  }
  score[j] = s;
  ranked[j] = i;
  return count;
}

/**
 * VCG expected payment of slot j: Σ_{t=j}^{K−1} (α_t − α_{t+1})·max(s_(t+1), phantom) (0-based,
 * α_K = 0). Scores fall with t, so once s_(t+1) <= phantom the rest telescopes to phantom·α_t.
 */
function vcgPayment(score: Float64Array, m: number, alpha: ArrayLike<number>, j: number, phantom: number): number {
  const K = alpha.length;
  let pay = 0;
  let t = j;
  for (; t < K; t++) {
    const s = t + 1 < m ? score[t + 1] : 0;
    if (s <= phantom) return pay + phantom * alpha[t];
    pay += (alpha[t] - (t + 1 < K ? alpha[t + 1] : 0)) * s;
  }
  return pay;
}
