import type { Rng } from '../../random/rng';
import { PinlabInputError } from '../../errors';
import { GroupedSampler } from './sampling';
import type { World } from './world';

/** Slot kinds: organic pins or ads (promoted pins). */
export const Pool = { organic: 0, ad: 1 } as const;
export type PoolCode = (typeof Pool)[keyof typeof Pool];

/** Exposure channels of a slot (see `WorldOracle`). */
export const Channel = { context: 0, interest: 1, popular: 2, revisit: 3 } as const;

/** The part of a world the oracle needs: everything except the sampled sessions and interactions. */
export type WorldCore = Pick<World, 'params' | 'users' | 'items' | 'ads' | 'latent' | 'horizon' | 'categories'>;

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * The ground truth of the synthetic ads world: the latent model that generated every interaction,
 * exposed so notebooks can score Bayes-optimal baselines and simulators can draw user responses.
 *
 * Notation: user u with age group g_u, Dirichlet interests w⁰_u, w¹_u ∈ Δ^C, unit style y_u ∈ R^D;
 * item i with category c_i, log-popularity b_i ~ N(0,1), unit style z_i (near its category's
 * centre), ad flag a_i; a session at time t ∈ [0, H) with optional subject pin x (the context).
 *
 * Interest drift (recency matters): w_u(t) = (1 − s)·w⁰_u + s·w¹_u with s = drift · t / H.
 *
 * Engagement (click or save) given an impression:
 *   ℓ = bias + wInterest·ln((φ + C·w_u(t)[c_i]) / (φ + 1))        (interest affinity, 0 at uniform interest)
 *       + wPopularity·b_i + wStyle·⟨y_u, z_i⟩ + wAge·A[g_u, c_i] + wAd·a_i
 *       + [x present] (wContext·1[c_i = c_x] + wContextStyle·⟨z_x, z_i⟩)   (real-time browsing context)
 *   P(engage | u, i, x, t) = σ(ℓ),  φ = interestFloor.
 *
 * Conversion of an ad click: logit = convBias + convAffinity·(interest + style terms of ℓ)
 *   + v_a − convValue·ln(value_a / valueMedian), v_a ~ N(0, convPropensitySd²).
 *
 * Exposure (which item fills a slot of a pool — organic or ad): a mixture of channels with weights
 * exposeContext (an item of the subject pin's category), exposeInterest (category ~ w_u(t)),
 * exposePopular (any item of the pool) and exposeRevisit (uniform over the user's earlier
 * engagements in the pool, so repeats are proportional to past engagement counts). Within a
 * category or pool, items are drawn ∝ exp(popularityExposure · b_i). Home-feed sessions (no x)
 * move the context weight to the interest channel; an empty category/history falls back to the
 * popular channel. Hence P(next engaged item = i) ∝ exposure(i)·σ(ℓ_i), which `targetDistribution`
 * computes exactly: the Bayes-optimal retrieval ranking.
 */
export class WorldOracle {
  readonly C: number;
  readonly D: number;
  /** Items grouped by pool·C + category, weighted by exposure popularity. */
  readonly byCategory: GroupedSampler;
  /** Items grouped by pool. */
  readonly byPool: GroupedSampler;
  private readonly w: Float64Array;
  private readonly channels = new Float64Array(4);

  constructor(readonly world: WorldCore) {
    this.C = world.categories.length;
    this.D = world.params.styleDim;
    const { items, latent, params } = world;
    const weight = new Float64Array(items.count);
    const catGroup = new Int32Array(items.count);
    for (let i = 0; i < items.count; i++) {
      weight[i] = Math.exp(params.popularityExposure * latent.popularity[i]);
      catGroup[i] = items.isAd[i] * this.C + items.category[i];
    }
    this.byCategory = new GroupedSampler(catGroup, weight, 2 * this.C);
    this.byPool = new GroupedSampler(items.isAd, weight, 2);
    this.w = new Float64Array(this.C);
  }

  /** w_u(t)[c]: user u's interest in category c at time t. */
  interestAt(user: number, t: number, c: number): number {
    const s = (this.world.params.drift * t) / this.world.horizon;
    const k = user * this.C + c;
    return (1 - s) * this.world.latent.interest0[k] + s * this.world.latent.interest1[k];
  }

  /** Writes w_u(t) into `out` (length ≥ C), renormalised to sum 1 exactly (the stored rows are float32). */
  interestVector(user: number, t: number, out: Float64Array = new Float64Array(this.C)): Float64Array {
    let sum = 0;
    for (let c = 0; c < this.C; c++) sum += out[c] = this.interestAt(user, t, c);
    for (let c = 0; c < this.C; c++) out[c] /= sum;
    return out;
  }

  private styleDot(a: Float32Array, ia: number, b: Float32Array, ib: number): number {
    let dot = 0;
    for (let d = 0, pa = ia * this.D, pb = ib * this.D; d < this.D; d++) dot += a[pa + d] * b[pb + d];
    return dot;
  }

  /** The user-specific affinity part of ℓ (interest + style), shared by engagement and conversion. */
  affinity(user: number, item: number, t: number): number {
    const { params, latent, items } = this.world;
    const interest = Math.log(
      (params.interestFloor + this.C * this.interestAt(user, t, items.category[item])) / (params.interestFloor + 1),
    );
    return params.wInterest * interest + params.wStyle * this.styleDot(latent.userStyle, user, latent.itemStyle, item);
  }

  /** ℓ: the engagement logit (see the class docstring). `contextItem` −1 means no subject pin. */
  engageLogit(user: number, item: number, t: number, contextItem = -1): number {
    const { params, latent, items, users } = this.world;
    const c = items.category[item];
    let l =
      params.bias +
      this.affinity(user, item, t) +
      params.wPopularity * latent.popularity[item] +
      params.wAge * latent.ageAffinity[users.ageGroup[user] * this.C + c] +
      params.wAd * items.isAd[item];
    if (contextItem >= 0) {
      l += params.wContext * (items.category[contextItem] === c ? 1 : 0);
      l += params.wContextStyle * this.styleDot(latent.itemStyle, contextItem, latent.itemStyle, item);
    }
    return l;
  }

  /** P(engage | user, item, context, t): the ground truth every model is trying to learn. */
  engageProb(user: number, item: number, t: number, contextItem = -1): number {
    return sigmoid(this.engageLogit(user, item, t, contextItem));
  }

  /** P(conversion | click, user, ad item, t). Throws for organic items. */
  convertProb(user: number, item: number, t: number): number {
    const { params, latent, items, ads } = this.world;
    const a = items.adIndex[item];
    if (a < 0) throw new PinlabInputError('item', `item ${item} is not an ad`);
    const l =
      params.convBias +
      params.convAffinity * this.affinity(user, item, t) +
      latent.adConvPropensity[a] -
      params.convValue * Math.log(ads.convValue[a] / params.valueMedian);
    return sigmoid(l);
  }

  /** The channel mixture weights of a slot, after moving the context weight for home-feed sessions. */
  channelWeights(hasContext: boolean, hasHistory: boolean, out: Float64Array): Float64Array {
    const p = this.world.params;
    out[Channel.context] = hasContext ? p.exposeContext : 0;
    out[Channel.interest] = p.exposeInterest + (hasContext ? 0 : p.exposeContext);
    out[Channel.popular] = p.exposePopular + (hasHistory ? 0 : p.exposeRevisit);
    out[Channel.revisit] = hasHistory ? p.exposeRevisit : 0;
    const total = out[0] + out[1] + out[2] + out[3];
    for (let k = 0; k < 4; k++) out[k] /= total;
    return out;
  }

  /** An item of `pool` in category c ∝ exposure popularity, or of the whole pool when c has none. */
  sampleInCategory(pool: PoolCode, c: number, rng: Rng): number {
    const g = pool * this.C + c;
    return this.byCategory.size(g) > 0 ? this.byCategory.sample(g, rng) : this.byPool.sample(pool, rng);
  }

  /**
   * Draws the item shown in a slot (see the class docstring). `history[0…historyLength)` are the
   * user's earlier engagements in this pool (repeats included).
   */
  sampleExposure(
    user: number,
    t: number,
    contextItem: number,
    pool: PoolCode,
    history: ArrayLike<number>,
    historyLength: number,
    rng: Rng,
    scratch: Float64Array,
  ): number {
    const weights = this.channelWeights(contextItem >= 0, historyLength > 0, scratch);
    let u = rng.next();
    if ((u -= weights[Channel.context]) < 0)
      return this.sampleInCategory(pool, this.world.items.category[contextItem], rng);
    if ((u -= weights[Channel.interest]) < 0) {
      const w = this.interestVector(user, t, this.w);
      let v = rng.next();
      let c = 0;
      for (; c < this.C - 1; c++) if ((v -= w[c]) < 0) break;
      return this.sampleInCategory(pool, c, rng);
    }
    if ((u -= weights[Channel.popular]) < 0) return this.byPool.sample(pool, rng);
    return history[rng.int(historyLength)];
  }

  /**
   * P(the item shown in a `pool` slot is i) for every item i, written into `out` (length I;
   * zero outside the pool). Mirrors `sampleExposure` exactly, fallbacks included.
   */
  exposure(
    user: number,
    t: number,
    contextItem: number,
    pool: PoolCode,
    history: ArrayLike<number>,
    historyLength: number,
    out: Float64Array,
  ): Float64Array {
    const weights = this.channelWeights(contextItem >= 0, historyLength > 0, this.channels);
    out.fill(0);
    const addCategory = (c: number, mass: number): void => {
      const g = pool * this.C + c;
      if (this.byCategory.size(g) > 0) addGroup(this.byCategory, g, mass);
      else addGroup(this.byPool, pool, mass);
    };
    const addGroup = (s: GroupedSampler, g: number, mass: number): void => {
      const total = s.total(g);
      for (let j = s.offsets[g], prev = 0; j < s.offsets[g + 1]; j++) {
        out[s.members[j]] += (mass * (s.cum[j] - prev)) / total;
        prev = s.cum[j];
      }
    };
    if (weights[Channel.context] > 0) addCategory(this.world.items.category[contextItem], weights[Channel.context]);
    const w = this.interestVector(user, t, this.w);
    for (let c = 0; c < this.C; c++) if (w[c] > 0) addCategory(c, weights[Channel.interest] * w[c]);
    addGroup(this.byPool, pool, weights[Channel.popular]);
    for (let k = 0; k < historyLength; k++) out[history[k]] += weights[Channel.revisit] / historyLength;
    return out;
  }

  /**
   * P(next engaged item in a `pool` slot = i | user, context, t) ∝ exposure(i)·P(engage | …),
   * written into `out` (length I, sums to 1). Ranking items by it is the Bayes-optimal retriever.
   */
  targetDistribution(
    user: number,
    t: number,
    contextItem: number,
    pool: PoolCode,
    history: ArrayLike<number>,
    historyLength: number,
    out: Float64Array,
  ): Float64Array {
    this.exposure(user, t, contextItem, pool, history, historyLength, out);
    let total = 0;
    for (let i = 0; i < out.length; i++) {
      if (out[i] > 0) total += out[i] *= this.engageProb(user, i, t, contextItem);
    }
    for (let i = 0; i < out.length; i++) out[i] /= total;
    return out;
  }
}

/**
 * The items user u engaged (click or save) in `pool` strictly before time t, in time order with
 * repeats: the revisit history the generator used for a slot at time t.
 */
export function engagedBefore(world: World, user: number, t: number, pool: PoolCode): Uint32Array {
  const { sessions, sessionOffsets, interactions, items } = world;
  const lo = sessions.rowOffsets[sessionOffsets[user]];
  const hi = sessions.rowOffsets[sessionOffsets[user + 1]];
  const out: number[] = [];
  for (let r = lo; r < hi && interactions.time[r] < t; r++) {
    if (interactions.outcome[r] !== 0 && items.isAd[interactions.item[r]] === pool) out.push(interactions.item[r]);
  }
  return Uint32Array.from(out);
}
