// fast-check generators of random position-auction instances, ties included on purpose.
// Magnitudes stay >= 1e-9 (or exactly 0): products of subnormal doubles underflow and say
// nothing about the mechanism.
import fc from 'fast-check';
import type { PositionAuctionInput } from '../../lib/auction';

/** Bids: a mix of coarse grid values (frequent exact ties) and arbitrary doubles. */
export const bidArb = fc.oneof(
  fc.integer({ min: 0, max: 40 }).map((x) => x / 4),
  fc.double({ min: 1e-9, max: 10, noNaN: true }),
  fc.constant(0),
);

export const qualityArb = fc.oneof(fc.constant(1), fc.constant(0.5), fc.double({ min: 0.01, max: 1, noNaN: true }));

/** Non-increasing CTRs, zeros allowed (positive: strictly decreasing, all > 0). */
export function slotCtrsArb(opts: { maxSlots?: number; positive?: boolean } = {}): fc.Arbitrary<number[]> {
  const step = opts.positive
    ? fc.double({ min: 0.01, max: 1, noNaN: true })
    : fc.oneof(fc.constant(0), fc.double({ min: 1e-9, max: 1, noNaN: true }));
  return fc.array(step, { minLength: 0, maxLength: opts.maxSlots ?? 6 }).map((steps) => {
    // Cumulative sums from the bottom slot up give a non-increasing list.
    const out = new Array<number>(steps.length);
    let acc = 0;
    for (let s = steps.length - 1; s >= 0; s--) out[s] = acc += steps[s];
    return out;
  });
}

export interface InstanceOptions {
  mechanism?: 'gsp' | 'vcg';
  withQuality?: boolean;
  withReserve?: boolean;
  maxAds?: number;
}

export function instanceArb(opts: InstanceOptions = {}): fc.Arbitrary<PositionAuctionInput> {
  return fc
    .record({
      mechanism: opts.mechanism ? fc.constant(opts.mechanism) : fc.constantFrom<'gsp' | 'vcg'>('gsp', 'vcg'),
      bids: fc.array(bidArb, { minLength: 0, maxLength: opts.maxAds ?? 12 }),
      slotCtrs: slotCtrsArb(),
      quality:
        opts.withQuality === false
          ? fc.constant(undefined)
          : fc.option(fc.array(qualityArb, { minLength: 12, maxLength: 12 }), { nil: undefined }),
      reserve:
        opts.withReserve === false
          ? fc.constant(undefined)
          : fc.option(fc.oneof(fc.constant(0), bidArb), { nil: undefined }),
    })
    .map((x) => ({ ...x, quality: x.quality?.slice(0, x.bids.length) }));
}

/** |a − b| <= tol·(1 + max(|a|, |b|)). */
export function close(a: number, b: number, tol = 1e-9): boolean {
  return Math.abs(a - b) <= tol * (1 + Math.max(Math.abs(a), Math.abs(b)));
}
