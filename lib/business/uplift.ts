import { PinlabInputError, requireFinite } from '../errors';

/** What a change of conversion rate does to ad-driven sales, ROAS and CAC, all else held fixed. */
export interface ConversionUplift {
  baselineRate: number;
  newRate: number;
  salesBefore: number;
  salesAfter: number;
  /** salesAfter − salesBefore, in the unit of the sales input. */
  revenueUplift: number;
  /** salesAfter / salesBefore − 1. */
  relativeUplift: number;
  /** ROAS_after / ROAS_before − 1 at unchanged spend: equal to relativeUplift. */
  roasLift: number;
  /** CAC_after / CAC_before − 1 at unchanged spend, counting every conversion as a new customer. */
  cacChange: number;
}

function requireRate(field: string, rate: number): void {
  requireFinite(field, rate);
  if (rate <= 0 || rate > 1) throw new PinlabInputError(field, `must be a rate in (0, 1], got ${rate}`);
}

/**
 * The conversion-uplift scenario: traffic (ad clicks or visits), average order value and ad spend
 * stay fixed while the share of traffic that converts moves from `baselineRate` to `newRate`.
 * Sales = traffic × rate × order value, so sales scale by newRate / baselineRate; ROAS scales
 * the same way, and CAC by the inverse because the same spend buys more customers.
 * Example: 2.5% → 3.5% on $10M of sales gives $14M, +$4M (+40%), ROAS +40%, CAC −28.6%.
 */
export function conversionUplift(input: {
  baselineSales: number;
  baselineRate: number;
  newRate: number;
}): ConversionUplift {
  const { baselineSales, baselineRate, newRate } = input;
  requireFinite('baselineSales', baselineSales, 0);
  requireRate('baselineRate', baselineRate);
  requireRate('newRate', newRate);
  const factor = newRate / baselineRate;
  const salesAfter = baselineSales * factor;
  return {
    baselineRate,
    newRate,
    salesBefore: baselineSales,
    salesAfter,
    revenueUplift: salesAfter - baselineSales,
    relativeUplift: factor - 1,
    roasLift: factor - 1,
    cacChange: baselineRate / newRate - 1,
  };
}
