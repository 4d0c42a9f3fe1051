import { PinlabInputError, requireFinite, requireInt } from '../errors';
import { PositionAuctionEngine } from '../auction/engine';
import { requireSlotCtrs } from '../auction/validate';
import { WorldOracle } from '../data/world/oracle';
import type { World } from '../data/world/world';
import { Rng } from '../random/rng';
import { median, sum } from '../stats/summary';
import { CandidateMerger } from './merge';
import type { AdRequest, CandidateGenerator, PctrModel } from './types';

export interface FunnelConfig {
  /** A label for reports (e.g. 'control', 'contextual'). */
  readonly name: string;
  /** Candidate generators, merged in this order (at most 31). */
  readonly generators: readonly CandidateGenerator[];
  /** Candidates requested from each generator. */
  readonly candidatesPerGenerator: number;
  readonly ranker: PctrModel;
  /** Position factors α_s of the ad slots, best first: P(click | slot s) = α_s · P(engage). */
  readonly slotCtrs: readonly number[];
  /** Per-click reserve price (an ad is eligible iff bid ≥ reserve). */
  readonly reserve: number;
  readonly mechanism?: 'gsp' | 'vcg';
}

/** Per-request outcomes, aligned with the requests (for paired bootstrap intervals). */
export interface FunnelPerRequest {
  readonly impressions: Float64Array;
  readonly clicks: Float64Array;
  readonly conversions: Float64Array;
  /** Realised spend = platform revenue (CPC billing: price per click on each click). */
  readonly spend: Float64Array;
  /** Realised attributed conversion value. */
  readonly value: Float64Array;
  /** Expectations under the true click and conversion probabilities, given the allocation and prices. */
  readonly expectedClicks: Float64Array;
  readonly expectedSpend: Float64Array;
  readonly expectedValue: Float64Array;
}

export interface GeneratorStats {
  readonly name: string;
  /** Σ over requests of the candidates it proposed. */
  readonly candidates: number;
  /** Impressions whose ad it proposed (shared ads count for every proposer). */
  readonly impressions: number;
  readonly impressionShare: number;
  /** Impressions whose ad only it proposed. */
  readonly exclusiveImpressions: number;
  /** Mean over requests of the mean true P(engage) of its candidates in that request. */
  readonly meanRelevance: number;
  /** Median over requests of that per-request mean. */
  readonly medianRelevance: number;
  /** Median over requests of the per-request mean of its candidates' calibrated pCTR. */
  readonly medianPctr: number;
}

export interface FunnelReport {
  readonly name: string;
  readonly requests: number;
  readonly impressions: number;
  readonly clicks: number;
  readonly conversions: number;
  /** Platform revenue = advertisers' spend. */
  readonly revenue: number;
  readonly value: number;
  /** clicks / impressions. */
  readonly ctr: number;
  /** Attributed conversion value / spend (see `runFunnel` for the attribution rule). */
  readonly roas: number;
  /** Advertisers' realised surplus: attributed value − spend. */
  readonly advertiserSurplus: number;
  readonly expectedRevenue: number;
  readonly expectedRoas: number;
  readonly expectedCtr: number;
  /** Mean true P(engage) of the impressed ads (before position effects). */
  readonly impressionRelevance: number;
  /** Share of ad slots filled. */
  readonly fillRate: number;
  readonly generators: GeneratorStats[];
  readonly perRequest: FunnelPerRequest;
}

function validateConfig(c: FunnelConfig, numAds: number): void {
  if (c.generators.length === 0 || c.generators.length > 31)
    throw new PinlabInputError('generators', `must list 1 to 31 generators, got ${c.generators.length}`);
  requireInt('candidatesPerGenerator', c.candidatesPerGenerator, 1, numAds);
  if (c.slotCtrs.length === 0) throw new PinlabInputError('slotCtrs', 'must list at least one slot');
  requireSlotCtrs(c.slotCtrs);
  c.slotCtrs.forEach((a, s) => {
    if (a > 1) throw new PinlabInputError('slotCtrs', `must be <= 1 (a click probability factor), got ${a}`, s);
  });
  requireFinite('reserve', c.reserve, 0);
  if (c.mechanism !== undefined && c.mechanism !== 'gsp' && c.mechanism !== 'vcg')
    throw new PinlabInputError('mechanism', `must be 'gsp' or 'vcg', got ${String(c.mechanism)}`);
}

/**
 * Simulates the ads delivery funnel on `requests`:
 *
 * 1. retrieval: each generator proposes `candidatesPerGenerator` ads; lists are merged and
 *    deduplicated, remembering which generators proposed each ad;
 * 2. ranking: the ranker's calibrated pCTR for every merged candidate;
 * 3. auction (lib/auction): ads with bid ≥ reserve ranked by eCPM = bid × pCTR, GSP (default) or
 *    VCG prices per click, allocated to the slots best first;
 * 4. user response from the world's ground truth: the ad in slot s is clicked with probability
 *    α_s · P(engage | user, ad, context, time) (`WorldOracle.engageProb`); a click converts with
 *    the oracle's P(convert | click); the advertiser pays the price per click on a click.
 *
 * Attribution: last click, click-through only — a conversion is credited (at the ad's conversion
 * value) to the ad whose click in the same request caused it; no view-through credit.
 *
 * Common random numbers: request i draws its 2·S uniforms (click, conversion per slot) from
 * `new Rng(seed).fork('request-i')` before anything else, so two configurations on the same
 * requests and seed see identical user randomness slot by slot; only their allocations differ.
 * Expected values (given allocation and prices, over the user's response) are reported too.
 */
export function runFunnel(
  world: World,
  requests: readonly AdRequest[],
  config: FunnelConfig,
  seed: number,
): FunnelReport {
  const { ads, items } = world;
  validateConfig(config, ads.count);
  requireInt('seed', seed, 0, 2 ** 31 - 1);
  if (requests.length === 0) throw new PinlabInputError('requests', 'is empty');
  const oracle = new WorldOracle(world);
  const G = config.generators.length;
  const K = config.candidatesPerGenerator;
  const S = config.slotCtrs.length;
  const slotCtrs = Float64Array.from(config.slotCtrs);
  const mechanism = config.mechanism ?? 'gsp';
  const engine = new PositionAuctionEngine();
  const merger = new CandidateMerger(ads.count, G * K);
  const lists = config.generators.map(() => new Int32Array(K));
  const listLength = new Int32Array(G);
  const pctr = new Float64Array(G * K);
  const bids = new Float64Array(G * K);
  const relevance = new Float64Array(G * K);
  const uClick = new Float64Array(S);
  const uConv = new Float64Array(S);
  const root = new Rng(seed);
  const R = requests.length;
  const per: FunnelPerRequest = {
    impressions: new Float64Array(R),
    clicks: new Float64Array(R),
    conversions: new Float64Array(R),
    spend: new Float64Array(R),
    value: new Float64Array(R),
    expectedClicks: new Float64Array(R),
    expectedSpend: new Float64Array(R),
    expectedValue: new Float64Array(R),
  };
  const genRelevance = config.generators.map(() => new Float64Array(R));
  const genPctr = config.generators.map(() => new Float64Array(R));
  const genCandidates = new Float64Array(G);
  const genImpressions = new Float64Array(G);
  const genExclusive = new Float64Array(G);
  let relevanceOfImpressions = 0;

  for (let i = 0; i < R; i++) {
    const q = requests[i];
    if (!(q.user >= 0 && q.user < world.users.count && Number.isInteger(q.user)))
      throw new PinlabInputError('requests.user', `must be a user id, got ${q.user}`, i);
    if (!(q.contextItem >= -1 && q.contextItem < items.count))
      throw new PinlabInputError('requests.contextItem', `must be −1 or an item id, got ${q.contextItem}`, i);
    const rng = root.fork(`request-${i}`);
    for (let s = 0; s < S; s++) {
      uClick[s] = rng.next();
      uConv[s] = rng.next();
    }
    merger.reset();
    for (let g = 0; g < G; g++) {
      listLength[g] = config.generators[g].generate(q, K, lists[g]);
      merger.add(g, lists[g], listLength[g]);
      genCandidates[g] += listLength[g];
    }
    const n = merger.count;
    const cand = merger.ads;
    config.ranker.predict(q, cand, n, pctr);
    for (let k = 0; k < n; k++) {
      bids[k] = ads.bid[cand[k]];
      relevance[k] = oracle.engageProb(q.user, ads.item[cand[k]], q.time, q.contextItem);
    }
    // Per-generator relevance and pCTR of its own candidates (merged positions found by bit).
    for (let g = 0; g < G; g++) {
      const bit = 1 << g;
      let rel = 0;
      let pc = 0;
      for (let k = 0; k < n; k++) {
        if (merger.sources[k] & bit) {
          rel += relevance[k];
          pc += pctr[k];
        }
      }
      genRelevance[g][i] = listLength[g] ? rel / listLength[g] : 0;
      genPctr[g][i] = listLength[g] ? pc / listLength[g] : 0;
    }
    const filled = engine.run(mechanism, bids.subarray(0, n), slotCtrs, pctr.subarray(0, n), config.reserve);
    for (let s = 0; s < filled; s++) {
      const k = engine.allocation[s];
      const ad = cand[k];
      const src = merger.sources[k];
      for (let g = 0; g < G; g++) {
        if (src & (1 << g)) {
          genImpressions[g]++;
          if (src === 1 << g) genExclusive[g]++;
        }
      }
      const pEngage = relevance[k];
      relevanceOfImpressions += pEngage;
      const pClick = slotCtrs[s] * pEngage;
      const pConv = oracle.convertProb(q.user, ads.item[ad], q.time);
      const price = engine.pricePerClick[s];
      const value = ads.convValue[ad];
      per.impressions[i]++;
      per.expectedClicks[i] += pClick;
      per.expectedSpend[i] += pClick * price;
      per.expectedValue[i] += pClick * pConv * value;
      if (uClick[s] < pClick) {
        per.clicks[i]++;
        per.spend[i] += price;
        if (uConv[s] < pConv) {
          per.conversions[i]++;
          per.value[i] += value;
        }
      }
    }
  }

  const impressions = sum(per.impressions);
  const clicks = sum(per.clicks);
  const revenue = sum(per.spend);
  const value = sum(per.value);
  const expectedRevenue = sum(per.expectedSpend);
  return {
    name: config.name,
    requests: R,
    impressions,
    clicks,
    conversions: sum(per.conversions),
    revenue,
    value,
    ctr: impressions ? clicks / impressions : NaN,
    roas: revenue ? value / revenue : NaN,
    advertiserSurplus: value - revenue,
    expectedRevenue,
    expectedRoas: expectedRevenue ? sum(per.expectedValue) / expectedRevenue : NaN,
    expectedCtr: impressions ? sum(per.expectedClicks) / impressions : NaN,
    impressionRelevance: impressions ? relevanceOfImpressions / impressions : NaN,
    fillRate: impressions / (R * S),
    generators: config.generators.map((gen, g) => ({
      name: gen.name,
      candidates: genCandidates[g],
      impressions: genImpressions[g],
      impressionShare: impressions ? genImpressions[g] / impressions : 0,
      exclusiveImpressions: genExclusive[g],
      meanRelevance: sum(genRelevance[g]) / R,
      medianRelevance: median(genRelevance[g]),
      medianPctr: median(genPctr[g]),
    })),
    perRequest: per,
  };
}
