import { PinlabInputError, requireInt } from '../errors';
import type { World } from '../data/world/world';
import { Rng } from '../random/rng';
import { runFunnel, type FunnelConfig, type FunnelPerRequest, type FunnelReport } from './funnel';
import type { AdRequest } from './types';

/** A lift B/A − 1 of a ratio-of-sums metric with its paired percentile-bootstrap interval. */
export interface Lift {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
}

export interface AbLifts {
  readonly revenue: Lift;
  readonly roas: Lift;
  readonly ctr: Lift;
  readonly value: Lift;
  /** The same on expected (noise-free given the allocations) quantities. */
  readonly expectedRevenue: Lift;
  readonly expectedRoas: Lift;
}

export interface AbResult {
  readonly control: FunnelReport;
  readonly treatment: FunnelReport;
  readonly lifts: AbLifts;
}

type Column = keyof FunnelPerRequest;
const ONES: Column | null = null;

/**
 * lift = (Σ_B num / Σ_B den) / (Σ_A num / Σ_A den) − 1 with a paired percentile bootstrap over
 * requests: each resample draws request indices with replacement and uses them in both arms
 * (requests are the independent units; the arms share them and their random numbers).
 * `den` null means a plain sum (den ≡ 1 cancels).
 */
export function pairedLift(
  a: FunnelPerRequest,
  b: FunnelPerRequest,
  num: Column,
  den: Column | null,
  rng: Rng,
  resamples = 1000,
  level = 0.95,
): Lift {
  requireInt('resamples', resamples, 2);
  if (!(level > 0 && level < 1)) throw new PinlabInputError('level', `must be in (0, 1), got ${level}`);
  const n = a[num].length;
  if (b[num].length !== n) throw new PinlabInputError('treatment', `has ${b[num].length} requests, control has ${n}`);
  const lift = (idx: (k: number) => number): number => {
    let an = 0,
      ad = 0,
      bn = 0,
      bd = 0;
    for (let k = 0; k < n; k++) {
      const j = idx(k);
      an += a[num][j];
      bn += b[num][j];
      ad += den ? a[den][j] : 1;
      bd += den ? b[den][j] : 1;
    }
    return bn / bd / (an / ad) - 1;
  };
  const estimate = lift((k) => k);
  const stats = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) stats[r] = lift(() => rng.int(n));
  stats.sort();
  const q = (p: number): number => {
    const h = (resamples - 1) * p;
    const lo = Math.floor(h);
    return stats[lo] + (h - lo) * (stats[Math.min(lo + 1, resamples - 1)] - stats[lo]);
  };
  return { estimate, lower: q((1 - level) / 2), upper: q((1 + level) / 2) };
}

/**
 * Runs control and treatment funnels on the same requests with the same seed (common random
 * numbers, see `runFunnel`) and reports the lifts of revenue, ROAS, CTR and attributed value
 * with paired bootstrap intervals (`resamples`, seeded by `seed`).
 */
export function runFunnelAB(
  world: World,
  requests: readonly AdRequest[],
  control: FunnelConfig,
  treatment: FunnelConfig,
  seed: number,
  resamples = 1000,
): AbResult {
  const a = runFunnel(world, requests, control, seed);
  const b = runFunnel(world, requests, treatment, seed);
  const rng = new Rng(seed).fork('ab-bootstrap');
  const A = a.perRequest;
  const B = b.perRequest;
  return {
    control: a,
    treatment: b,
    lifts: {
      revenue: pairedLift(A, B, 'spend', ONES, rng, resamples),
      roas: pairedLift(A, B, 'value', 'spend', rng, resamples),
      ctr: pairedLift(A, B, 'clicks', 'impressions', rng, resamples),
      value: pairedLift(A, B, 'value', ONES, rng, resamples),
      expectedRevenue: pairedLift(A, B, 'expectedSpend', ONES, rng, resamples),
      expectedRoas: pairedLift(A, B, 'expectedValue', 'expectedSpend', rng, resamples),
    },
  };
}
