import { PinlabInputError, requireFinite } from '../../errors';
import type { World } from '../../data/world/world';

/** Observable features the pCTR ranker sees (never the world's latent state). */
export const RANKER_FEATURE_NAMES: readonly string[] = (() => {
  const names = [
    'user_category_affinity',
    'user_activity',
    'has_context',
    'context_category_match',
    'ad_ctr_logit',
    'ad_log_impressions',
  ];
  for (let g = 0; g < 5; g++) names.push(`age_${g}`);
  for (let c = 0; c < 12; c++) names.push(`ad_category_${c}`);
  return names;
})();

/**
 * Builds the ranker's feature vector for (user, ad, context, time) from logged data only:
 *
 * - user_category_affinity = ln(C·(n_{u,c_a} + 1) / (n_u + C)): the user's smoothed engagement share
 *   in the ad's category relative to uniform, counting engagements strictly before the request time
 *   (and before `logEnd`, the end of the log the ranker may read);
 * - user_activity = ln(1 + n_u) / 5;
 * - has_context, context_category_match = 1[c_x = c_a] (the real-time subject pin);
 * - ad_ctr_logit: logit of the ad's CTR shrunk towards the global ad CTR p̄ with m = 20 pseudo
 *   impressions, (clicks + m·p̄) / (impressions + m), counted over [0, statsEnd) only, so ranker
 *   training rows after statsEnd never see their own label;
 * - ad_log_impressions = ln(1 + impressions) / 5;
 * - one-hot age group and ad category (the MLP learns their interaction).
 */
export class RankerFeatures {
  readonly dim = RANKER_FEATURE_NAMES.length;
  private readonly adCtrLogit: Float32Array;
  private readonly adLogImps: Float32Array;
  private readonly counts: Float64Array;
  private cachedUser = -1;
  private cachedBefore = NaN;
  private cachedTotal = 0;

  constructor(
    readonly world: World,
    readonly statsEnd: number,
    readonly logEnd: number,
  ) {
    requireFinite('statsEnd', statsEnd, 0);
    requireFinite('logEnd', logEnd, statsEnd);
    const { ads, items, interactions: x } = world;
    if (world.categories.length !== 12)
      throw new PinlabInputError(
        'world.categories',
        `the ranker's one-hot layout needs 12 categories, got ${world.categories.length}`,
      );
    if (world.ageGroups.length !== 5)
      throw new PinlabInputError(
        'world.ageGroups',
        `the ranker's one-hot layout needs 5 age groups, got ${world.ageGroups.length}`,
      );
    const imps = new Float64Array(ads.count);
    const clicks = new Float64Array(ads.count);
    let totalImps = 0;
    let totalClicks = 0;
    for (let r = 0; r < x.count; r++) {
      const a = items.adIndex[x.item[r]];
      if (a < 0 || x.time[r] >= statsEnd) continue;
      imps[a]++;
      totalImps++;
      if (x.outcome[r] !== 0) {
        clicks[a]++;
        totalClicks++;
      }
    }
    const prior = (totalClicks + 1) / (totalImps + 2);
    const m = 20;
    this.adCtrLogit = new Float32Array(ads.count);
    this.adLogImps = new Float32Array(ads.count);
    for (let a = 0; a < ads.count; a++) {
      const p = (clicks[a] + m * prior) / (imps[a] + m);
      this.adCtrLogit[a] = Math.log(p / (1 - p));
      this.adLogImps[a] = Math.log1p(imps[a]) / 5;
    }
    this.counts = new Float64Array(world.categories.length);
  }

  /** Counts user u's engagements per category before min(t, logEnd); cached for repeated calls. */
  private loadUser(user: number, t: number): void {
    const before = Math.min(t, this.logEnd);
    if (user === this.cachedUser && before === this.cachedBefore) return;
    const { sessions, sessionOffsets, interactions: x, items } = this.world;
    this.counts.fill(0);
    let total = 0;
    for (
      let r = sessions.rowOffsets[sessionOffsets[user]], hi = sessions.rowOffsets[sessionOffsets[user + 1]];
      r < hi && x.time[r] < before;
      r++
    ) {
      if (x.outcome[r] === 0) continue;
      this.counts[items.category[x.item[r]]]++;
      total++;
    }
    this.cachedUser = user;
    this.cachedBefore = before;
    this.cachedTotal = total;
  }

  /** Writes the features of (user, ad row, context item or −1, time) into out[offset …offset + dim). */
  write(user: number, ad: number, contextItem: number, t: number, out: Float32Array, offset: number): void {
    const { items, ads, users } = this.world;
    this.loadUser(user, t);
    const C = this.counts.length;
    const c = items.category[ads.item[ad]];
    out.fill(0, offset, offset + this.dim);
    out[offset] = Math.log((C * (this.counts[c] + 1)) / (this.cachedTotal + C));
    out[offset + 1] = Math.log1p(this.cachedTotal) / 5;
    if (contextItem >= 0) {
      out[offset + 2] = 1;
      out[offset + 3] = items.category[contextItem] === c ? 1 : 0;
    }
    out[offset + 4] = this.adCtrLogit[ad];
    out[offset + 5] = this.adLogImps[ad];
    out[offset + 6 + users.ageGroup[user]] = 1;
    out[offset + 11 + c] = 1;
  }
}
