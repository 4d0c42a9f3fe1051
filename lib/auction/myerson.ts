import { checkedDistribution, effectiveUpper, type ValueDistribution } from './distributions';

/**
 * Myerson's virtual value φ(v) = v − (1 − F(v)) / f(v): the marginal revenue of selling to a
 * bidder of value v. Expected revenue of any truthful mechanism = E[Σ_i φ(v_i)·x_i(v)].
 * Where f(v) = 0 the answer is documented, not an error: −Infinity below the support (F < 1),
 * NaN above it (F = 1: φ is undefined there). A cdf or pdf returning NaN throws (`dist.cdf`/`dist.pdf`).
 */
export function virtualValue(dist: ValueDistribution, v: number): number {
  const d = checkedDistribution(dist);
  return v - (1 - d.cdf(v)) / d.pdf(v);
}

/**
 * The revenue-optimal reserve for i.i.d. values from a regular distribution (φ increasing):
 * r* = φ⁻¹(0), independent of the number of bidders. Uniform[0, h]: r* = h/2; exponential(λ):
 * r* = 1/λ. Found by bisection on v·f(v) − (1 − F(v)), which has φ's sign where f > 0; when
 * φ(lower) >= 0 nobody should be excluded and the answer is `lower`.
 */
export function myersonReserve(distribution: ValueDistribution): number {
  const dist = checkedDistribution(distribution);
  const g = (v: number): number => v * dist.pdf(v) - (1 - dist.cdf(v));
  let lo = dist.lower;
  if (g(lo) >= 0) return lo;
  let hi = effectiveUpper(dist);
  for (let it = 0; it < 200 && hi - lo > 1e-15 * Math.max(1, hi); it++) {
    const mid = 0.5 * (lo + hi);
    if (g(mid) < 0) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
