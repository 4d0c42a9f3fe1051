import { PinlabInputError, requireFinite } from '../errors';

/** Throws unless `value` is finite and strictly positive (a divisor or a base for ratios). */
function requirePositive(field: string, value: number): void {
  requireFinite(field, value);
  if (value <= 0) throw new PinlabInputError(field, `must be > 0, got ${value}`);
}

/**
 * Customer acquisition cost: marketing spend divided by the customers it acquired,
 * CAC = spend / newCustomers. Better targeting lowers it by converting more of the same traffic.
 */
export function cac(input: { spend: number; newCustomers: number }): number {
  requireFinite('spend', input.spend, 0);
  requirePositive('newCustomers', input.newCustomers);
  return input.spend / input.newCustomers;
}

/**
 * Customer lifetime value under geometric retention. A customer yields `marginPerPeriod` at the
 * start of every period while active, stays for another period with probability `retentionRate`,
 * and later margins are discounted at `discountRate` per period:
 *
 *   CLV = Σ_{t≥0} m · (r / (1 + d))^t = m · (1 + d) / (1 + d − r).
 *
 * With d = 0 this is margin × expected lifetime, m / (1 − r), since a customer stays 1 / (1 − r)
 * periods on average. Retention must be below 1, else the sum diverges.
 */
export function clv(input: { marginPerPeriod: number; retentionRate: number; discountRate?: number }): number {
  const { marginPerPeriod: m, retentionRate: r, discountRate: d = 0 } = input;
  requireFinite('marginPerPeriod', m);
  requireFinite('retentionRate', r, 0);
  if (r >= 1) throw new PinlabInputError('retentionRate', `must be < 1 (the lifetime would be infinite), got ${r}`);
  requireFinite('discountRate', d, 0);
  return (m * (1 + d)) / (1 + d - r);
}

/** Return on ad spend: ROAS = attributed conversion value / ad spend (e.g. 4 means $4 of sales per $1). */
export function roas(input: { attributedValue: number; spend: number }): number {
  requireFinite('attributedValue', input.attributedValue, 0);
  requirePositive('spend', input.spend);
  return input.attributedValue / input.spend;
}

/** Relative ROAS change from a baseline to a treatment: lift = ROAS_after / ROAS_before − 1 (0.007 = +0.7%). */
export function roasLift(input: { roasBefore: number; roasAfter: number }): number {
  requirePositive('roasBefore', input.roasBefore);
  requireFinite('roasAfter', input.roasAfter, 0);
  return input.roasAfter / input.roasBefore - 1;
}
