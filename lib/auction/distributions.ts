import { PinlabInputError, requireFinite } from '../errors';
import type { Rng } from '../random/rng';

/**
 * A known distribution of bidders' private values (per click), as the seller is assumed to know
 * it in Myerson's model. Values are independent and identically distributed across bidders.
 */
export interface ValueDistribution {
  readonly name: string;
  /** Support [lower, upper]; upper may be Infinity. */
  readonly lower: number;
  readonly upper: number;
  cdf(v: number): number;
  pdf(v: number): number;
  /** Inverse CDF on [0, 1). */
  quantile(u: number): number;
  sample(rng: Rng): number;
}

/** Values uniform on [lo, hi], 0 <= lo < hi: F(v) = (v − lo)/(hi − lo). */
export function uniformValues(lo = 0, hi = 1): ValueDistribution {
  requireFinite('lo', lo, 0);
  requireFinite('hi', hi, 0);
  if (!(hi > lo)) throw new PinlabInputError('hi', `must be > lo (${lo}), got ${hi}`);
  const w = hi - lo;
  return {
    name: `U[${lo}, ${hi}]`,
    lower: lo,
    upper: hi,
    cdf: (v) => (v <= lo ? 0 : v >= hi ? 1 : (v - lo) / w),
    pdf: (v) => (v < lo || v > hi ? 0 : 1 / w),
    quantile: (u) => lo + u * w,
    sample: (rng) => lo + rng.next() * w,
  };
}

/** Values exponential with the given rate: F(v) = 1 − e^{−rate·v} on [0, ∞). */
export function exponentialValues(rate = 1): ValueDistribution {
  requireFinite('rate', rate, 0);
  if (rate === 0) throw new PinlabInputError('rate', 'must be > 0');
  return {
    name: `Exp(${rate})`,
    lower: 0,
    upper: Infinity,
    cdf: (v) => (v <= 0 ? 0 : -Math.expm1(-rate * v)),
    pdf: (v) => (v < 0 ? 0 : rate * Math.exp(-rate * v)),
    quantile: (u) => -Math.log1p(-u) / rate,
    sample: (rng) => -Math.log1p(-rng.next()) / rate,
  };
}

/** The top of the support used for numerical integrals: `upper`, or the 1 − 1e-12 quantile. */
export function effectiveUpper(dist: ValueDistribution): number {
  return Number.isFinite(dist.upper) ? dist.upper : dist.quantile(1 - 1e-12);
}

/**
 * `dist` with every cdf, pdf and quantile value checked as it is computed: a cdf outside [0, 1],
 * a pdf that is negative or not finite, or a NaN quantile throws a PinlabInputError naming
 * `dist.cdf` (or `dist.pdf`, `dist.quantile`) and the argument, instead of flowing on into a
 * finite-looking reserve or revenue. The support is checked once: lower finite, upper > lower.
 */
export function checkedDistribution(dist: ValueDistribution): ValueDistribution {
  requireFinite('dist.lower', dist.lower);
  if (!(dist.upper > dist.lower)) {
    throw new PinlabInputError('dist.upper', `must be > lower (${dist.lower}), got ${dist.upper}`);
  }
  const bad = (fn: string, at: number, got: number, want: string): never => {
    throw new PinlabInputError(`dist.${fn}`, `${dist.name}: ${fn}(${at}) = ${got}, must be ${want}`);
  };
  return {
    ...dist,
    cdf: (v) => {
      const F = dist.cdf(v);
      return F >= 0 && F <= 1 ? F : bad('cdf', v, F, 'in [0, 1]');
    },
    pdf: (v) => {
      const f = dist.pdf(v);
      return f >= 0 && f < Infinity ? f : bad('pdf', v, f, 'finite and >= 0');
    },
    quantile: (u) => {
      const q = dist.quantile(u);
      return q === q ? q : bad('quantile', u, q, 'a number');
    },
  };
}
