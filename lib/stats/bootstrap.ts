import { PinlabInputError, requireFinite, requireFiniteArray, requireInt } from '../errors';
import type { Rng } from '../random/rng';

export interface BootstrapInterval {
  /** The statistic on the full sample. */
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly level: number;
  readonly resamples: number;
}

export interface BootstrapOptions {
  /** Per-query denominators: the statistic becomes Σ num / Σ den (e.g. global recall). Default all 1 (a mean). */
  readonly denominators?: Float64Array;
  /** Number of bootstrap resamples (default 1000). */
  readonly resamples?: number;
  /** Two-sided coverage (default 0.95). */
  readonly level?: number;
}

/** Linear-interpolated quantile of a sorted array (type 7, as R's default and numpy's). */
function quantileSorted(s: Float64Array, p: number): number {
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo] + (h - lo) * (s[hi] - s[lo]);
}

/**
 * Percentile bootstrap confidence interval for a per-query statistic Σ_q x_q / Σ_q d_q
 * (d_q = 1 gives the mean, e.g. Recall@K averaged over users; d_q = |P_q| gives the global
 * recall). Each resample draws n queries with replacement (queries are the independent units),
 * and the interval is the [(1 − level)/2, (1 + level)/2] quantiles of the resampled statistic.
 * Deterministic for a given `rng` state. Denominators may be 0 for some queries; a PinlabInputError
 * names `denominators` when they sum to 0, or when a resample draws only zeros (the ratio is then
 * undefined: too few nonzero denominators for an interval), so no bound is ever NaN or infinite.
 */
export function bootstrapCI(values: Float64Array, rng: Rng, options: BootstrapOptions = {}): BootstrapInterval {
  const resamples = options.resamples ?? 1000;
  const level = options.level ?? 0.95;
  requireInt('resamples', resamples, 2);
  requireFinite('level', level, 0);
  if (level >= 1 || level <= 0) throw new PinlabInputError('level', `must be in (0, 1), got ${level}`);
  const n = values.length;
  if (n === 0) throw new PinlabInputError('values', 'must not be empty');
  requireFiniteArray('values', values);
  const den = options.denominators;
  if (den) {
    if (den.length !== n) throw new PinlabInputError('denominators', `must have length ${n}, got ${den.length}`);
    requireFiniteArray('denominators', den, 0);
  }
  let sx = 0;
  let sd = 0;
  for (let i = 0; i < n; i++) {
    sx += values[i];
    sd += den ? den[i] : 1;
  }
  if (!(sd > 0)) throw new PinlabInputError('denominators', 'sum to 0: Σ values / Σ denominators is undefined');
  if (!Number.isFinite(sx / sd)) {
    throw new PinlabInputError('values', `Σ values / Σ denominators overflows (${sx} / ${sd})`);
  }
  const stats = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let x = 0;
    let d = 0;
    for (let i = 0; i < n; i++) {
      const j = rng.int(n);
      x += values[j];
      d += den ? den[j] : 1;
    }
    if (!(d > 0)) {
      const nonzero = den ? den.reduce((c, v) => c + (v > 0 ? 1 : 0), 0) : n;
      const why = `${nonzero} of ${n} are nonzero, too few for a bootstrap interval`;
      throw new PinlabInputError('denominators', `resample ${b} drew only zero denominators: ${why}`);
    }
    stats[b] = x / d;
    if (!Number.isFinite(stats[b])) {
      throw new PinlabInputError('values', `a resample's Σ values / Σ denominators overflows (${x} / ${d})`);
    }
  }
  stats.sort();
  const alpha = (1 - level) / 2;
  return {
    estimate: sx / sd,
    lower: quantileSorted(stats, alpha),
    upper: quantileSorted(stats, 1 - alpha),
    level,
    resamples,
  };
}
