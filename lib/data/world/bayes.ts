import { PinlabInputError, requireInt } from '../../errors';
import type { Rng } from '../../random/rng';
import { engagedBefore, Pool, WorldOracle, type PoolCode } from './oracle';
import type { World } from './world';

/**
 * The population AUC of the Bayes-optimal scorer on pairs whose labels are Bernoulli(p_i): no
 * model scoring these pairs can beat it in expectation. With S = Σp and pairs i ≠ j,
 *   AUC* = Σ_{i≠j} p_i (1 − p_j) (1[p_i > p_j] + ½·1[p_i = p_j]) / (S(n − S) − Σ p_i(1 − p_i)).
 * O(n log n) via a sort and prefix sums of (1 − p).
 */
export function expectedOracleAuc(p: ArrayLike<number>): number {
  const n = p.length;
  const sorted = Float64Array.from(p);
  for (let i = 0; i < n; i++)
    if (!(sorted[i] >= 0 && sorted[i] <= 1))
      throw new PinlabInputError('p', `must be a probability, got ${sorted[i]}`, i);
  sorted.sort();
  let below = 0; // Σ (1 − p_j) over strictly smaller p_j
  let num = 0;
  let s = 0;
  let self = 0;
  for (let lo = 0; lo < n;) {
    let hi = lo + 1;
    while (hi < n && sorted[hi] === sorted[lo]) hi++;
    const v = sorted[lo];
    const m = hi - lo;
    num += m * v * below + 0.5 * m * (m - 1) * v * (1 - v);
    below += m * (1 - v);
    s += m * v;
    self += m * v * (1 - v);
    lo = hi;
  }
  const den = s * (n - s) - self;
  if (!(den > 0)) throw new PinlabInputError('p', 'needs pairs that can be positive and negative');
  return num / den;
}

/** A retrieval request: a slot of `pool` for `user` at `time` in a session with `contextItem` (−1 none). */
export interface OracleRequest {
  user: number;
  time: number;
  contextItem: number;
  pool: PoolCode;
  /** The item actually engaged in that slot, if known (for the realised recall). */
  target: number;
}

/**
 * Up to `limit` engaged slots of `pool` with time in [from, to), sampled uniformly by `rng`: the
 * retrieval requests a sequential/contextual retriever is scored on.
 */
export function sampleEngagedRequests(
  world: World,
  opts: { from: number; to: number; pool: PoolCode; limit: number; rng: Rng },
): OracleRequest[] {
  requireInt('limit', opts.limit, 1);
  const { interactions: x, items, sessions } = world;
  const rows: number[] = [];
  for (let r = 0; r < x.count; r++) {
    if (x.outcome[r] !== 0 && x.time[r] >= opts.from && x.time[r] < opts.to && items.isAd[x.item[r]] === opts.pool)
      rows.push(r);
  }
  const picked = opts.rng
    .shuffle(rows)
    .slice(0, opts.limit)
    .sort((a, b) => a - b);
  return picked.map((r) => ({
    user: x.user[r],
    time: x.time[r],
    contextItem: sessions.contextItem[x.session[r]],
    pool: opts.pool,
    target: x.item[r],
  }));
}

export interface OracleRecall {
  ks: number[];
  /** Mean over requests of the probability mass of the oracle's top K: the expected Recall@K (= HitRate@K, one target per request). */
  expected: number[];
  /** Share of requests whose actual engaged item is in the oracle's top K. */
  realised: number[];
}

/**
 * Bayes-optimal Recall@K for next-engagement retrieval: ranks the request's pool by the exact
 * target distribution P(next engaged item = i | user, context, time, history) (`WorldOracle.targetDistribution`).
 */
export function oracleRecallAtK(world: World, requests: readonly OracleRequest[], ks: readonly number[]): OracleRecall {
  if (requests.length === 0) throw new PinlabInputError('requests', 'is empty');
  ks.forEach((k, i) => {
    if (!Number.isInteger(k) || k < 1) throw new PinlabInputError('ks', `must be a positive integer, got ${k}`, i);
  });
  const oracle = new WorldOracle(world);
  const dist = new Float64Array(world.items.count);
  const expected = new Array<number>(ks.length).fill(0);
  const realised = new Array<number>(ks.length).fill(0);
  for (const q of requests) {
    const history = engagedBefore(world, q.user, q.time, q.pool);
    oracle.targetDistribution(q.user, q.time, q.contextItem, q.pool, history, history.length, dist);
    const members =
      q.pool === Pool.ad
        ? oracle.byPool.members.subarray(oracle.byPool.offsets[1])
        : oracle.byPool.members.subarray(0, oracle.byPool.offsets[1]);
    const mass = new Float64Array(members.length);
    for (let j = 0; j < members.length; j++) mass[j] = dist[members[j]];
    mass.sort();
    const targetMass = dist[q.target];
    // Rank of the target: items with strictly more mass, plus half of its ties (ties broken at random on average).
    let above = 0;
    let ties = 0;
    for (let j = 0; j < mass.length; j++) {
      if (mass[j] > targetMass) above++;
      else if (mass[j] === targetMass) ties++;
    }
    ks.forEach((k, i) => {
      let top = 0;
      for (let j = mass.length - 1; j >= Math.max(0, mass.length - k); j--) top += mass[j];
      expected[i] += top;
      const slots = k - above;
      realised[i] += slots <= 0 ? 0 : Math.min(1, slots / ties);
    });
  }
  return {
    ks: [...ks],
    expected: expected.map((v) => v / requests.length),
    realised: realised.map((v) => v / requests.length),
  };
}
