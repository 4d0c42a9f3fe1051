import { PinlabInputError, requireFinite } from '../errors';

/** The pricing rules the engine implements; the public `positionAuction` exposes `gsp` and `vcg`. */
export type PricingRule = 'gsp' | 'vcg' | 'first-price';

/** Mechanisms accepted by `positionAuction`. */
export type Mechanism = 'gsp' | 'vcg';

/** Throws unless `value` is an array or typed array (JS callers can pass anything). */
export function requireArrayLike(field: string, value: unknown): void {
  const ok = Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
  if (!ok)
    throw new PinlabInputError(field, `must be an array of numbers, got ${value === null ? 'null' : typeof value}`);
}

/** Throws unless `rule` is one of `allowed`. */
export function requireRule<T extends string>(rule: unknown, allowed: readonly T[]): asserts rule is T {
  if (!allowed.includes(rule as T)) {
    throw new PinlabInputError(
      'mechanism',
      `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${String(rule)}`,
    );
  }
}

/** Position CTR factors: finite, >= 0 and non-increasing (best slot first). */
export function requireSlotCtrs(slotCtrs: ArrayLike<number>): void {
  for (let s = 0; s < slotCtrs.length; s++) {
    requireFinite('slotCtrs', slotCtrs[s], 0, s);
    if (s > 0 && slotCtrs[s] > slotCtrs[s - 1]) {
      throw new PinlabInputError(
        'slotCtrs',
        `must be non-increasing (best slot first), got ${slotCtrs[s]} after ${slotCtrs[s - 1]}`,
        s,
      );
    }
  }
}

/** A per-click reserve: finite and >= 0. */
export function requireReserve(reserve: number): void {
  requireFinite('reserve', reserve, 0);
}

/**
 * Throws for the first bad entry: a bid that is not a finite number >= 0, or a quality outside
 * (0, 1]; bids[i] is checked before quality[i]. The engine calls it only when its fused
 * hot-loop test fails.
 */
export function requireAds(bids: ArrayLike<number>, quality: ArrayLike<number> | undefined): void {
  for (let i = 0; i < bids.length; i++) {
    const b = bids[i];
    if (typeof b !== 'number' || !(b >= 0 && b < Infinity)) {
      throw new PinlabInputError('bids', `must be a finite number >= 0, got ${String(b)}`, i);
    }
    const q = quality === undefined ? 1 : quality[i];
    if (typeof q !== 'number' || !(q > 0 && q <= 1))
      throw new PinlabInputError('quality', `must be in (0, 1], got ${String(q)}`, i);
  }
}

/** `quality`, when given, has one entry per bid. */
export function requireQualityLength(quality: ArrayLike<number> | undefined, n: number): void {
  if (quality !== undefined && quality.length !== n) {
    throw new PinlabInputError('quality', `must have one entry per bid (${n}), got length ${quality.length}`);
  }
}
