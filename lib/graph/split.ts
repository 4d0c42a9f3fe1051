import { PinlabInputError, requireInt } from '../errors';
import { Rng } from '../random/rng';
import { WorldOracle } from '../data/world/oracle';
import type { World } from '../data/world/world';
import { buildEdges, type EdgeList, type EdgeOptions } from './edges';
import { NegativeSampler, PairSet } from './negatives';

/**
 * Labelled (user, item) pairs for link prediction. `time` is when the pair is asked about (a
 * positive's first engagement; its negatives share that time). `pTrue` is the oracle's
 * context-free P(engage | user, item, time): scoring pairs by it gives the oracle reference AUC.
 */
export interface LinkPairs {
  count: number;
  user: Uint32Array;
  item: Uint32Array;
  label: Uint8Array;
  time: Float64Array;
  pTrue: Float32Array;
}

export type ItemPool = 'all' | 'ad' | 'organic';

export interface TemporalSplitOptions {
  /** Fractions of the window where validation and test start (defaults 0.7 and 0.85). */
  valStart?: number;
  testStart?: number;
  /** Which items the link task is about (default 'ad': P(click | user, ad)). */
  pool?: ItemPool;
  /** Negatives per positive in every split (default 1, sampled once). */
  negatives?: number;
  seed?: number;
  /** Options for the message-passing graph built from the training window. */
  edges?: Omit<EdgeOptions, 'from' | 'until'>;
}

/**
 * A temporal link-prediction split with no leakage from the future:
 * - `graph`: edges built only from engagements before `trainEnd` (weights decayed at trainEnd);
 * - `train` / `val` / `test`: user–pool pairs whose FIRST engagement falls in
 *   [0, trainEnd) / [trainEnd, valEnd) / [valEnd, horizon), so a pair is never in two splits and
 *   validation/test pairs are new edges at their time;
 * - negatives: uniform pool items the user never engages (train negatives exclude only training
 *   edges — the model cannot know later ones; val/test negatives exclude every true edge of the
 *   whole window, so they are real non-edges);
 * - `trainSampler`: excludes training edges, for resampling training negatives each epoch.
 */
export interface TemporalLinkSplit {
  trainEnd: number;
  valEnd: number;
  pool: ItemPool;
  graph: EdgeList;
  train: LinkPairs;
  val: LinkPairs;
  test: LinkPairs;
  trainSampler: NegativeSampler;
}

function poolItems(world: World, pool: ItemPool): Uint32Array {
  const out: number[] = [];
  for (let i = 0; i < world.items.count; i++) {
    if (pool === 'all' || (pool === 'ad') === (world.items.isAd[i] === 1)) out.push(i);
  }
  return Uint32Array.from(out);
}

export function temporalLinkSplit(world: World, options: TemporalSplitOptions = {}): TemporalLinkSplit {
  const valStart = options.valStart ?? 0.7;
  const testStart = options.testStart ?? 0.85;
  const pool = options.pool ?? 'ad';
  const negatives = options.negatives ?? 1;
  if (!(valStart > 0 && valStart < testStart && testStart < 1)) {
    throw new PinlabInputError('valStart', `need 0 < valStart < testStart < 1, got ${valStart} and ${testStart}`);
  }
  if (pool !== 'all' && pool !== 'ad' && pool !== 'organic')
    throw new PinlabInputError('pool', `must be 'all', 'ad' or 'organic', got ${String(pool)}`);
  requireInt('negatives', negatives, 0, 1000);
  const rng = new Rng(options.seed ?? world.params.seed).fork('temporal-split');
  const trainEnd = valStart * world.horizon;
  const valEnd = testStart * world.horizon;
  const inPool = (i: number): boolean => pool === 'all' || (pool === 'ad') === (world.items.isAd[i] === 1);

  // Every true user–item edge of the window, with its first engagement time.
  const all = buildEdges(world, { interest: false, belongs: false });
  const U = all.nodes.users;
  const firstUser: number[][] = [[], [], []];
  const firstItem: number[][] = [[], [], []];
  const firstTime: number[][] = [[], [], []];
  for (let e = 0; e < all.count; e++) {
    const item = all.dst[e] - U;
    if (!inPool(item)) continue;
    const t = all.firstTime[e];
    const s = t < trainEnd ? 0 : t < valEnd ? 1 : 2;
    firstUser[s].push(all.src[e]);
    firstItem[s].push(item);
    firstTime[s].push(t);
  }
  const allItems = new Uint32Array(all.count);
  for (let e = 0; e < all.count; e++) allItems[e] = all.dst[e] - U;
  const everything = new PairSet(U, all.src, allItems);
  const trainOnly = new PairSet(U, firstUser[0], firstItem[0]);
  const candidates = poolItems(world, pool);
  const trainSampler = new NegativeSampler(trainOnly, candidates);
  const heldOutSampler = new NegativeSampler(everything, candidates);
  const oracle = new WorldOracle(world);

  const pairs = (s: number, sampler: NegativeSampler, r: Rng): LinkPairs => {
    const P = firstUser[s].length;
    const n = P * (1 + negatives);
    const out: LinkPairs = {
      count: n,
      user: new Uint32Array(n),
      item: new Uint32Array(n),
      label: new Uint8Array(n),
      time: new Float64Array(n),
      pTrue: new Float32Array(n),
    };
    let k = 0;
    for (let p = 0; p < P; p++) {
      const u = firstUser[s][p];
      const t = firstTime[s][p];
      for (let j = 0; j <= negatives; j++, k++) {
        const item = j === 0 ? firstItem[s][p] : sampler.sample(u, r);
        out.user[k] = u;
        out.item[k] = item;
        out.label[k] = j === 0 ? 1 : 0;
        out.time[k] = t;
        out.pTrue[k] = oracle.engageProb(u, item, t);
      }
    }
    return out;
  };
  return {
    trainEnd,
    valEnd,
    pool,
    graph: buildEdges(world, { ...options.edges, until: trainEnd }),
    train: pairs(0, trainSampler, rng.fork('train')),
    val: pairs(1, heldOutSampler, rng.fork('val')),
    test: pairs(2, heldOutSampler, rng.fork('test')),
    trainSampler,
  };
}
