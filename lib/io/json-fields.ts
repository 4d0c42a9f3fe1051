// Type checks for fields of JSON read from disk (manifests, checkpoint headers, result records):
// one definition each, so every reader refuses the same malformed values.

/** A JSON object (not null, not a list). */
export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A byte, row or element count: a safe integer ≥ 0. */
export function isCount(x: unknown): x is number {
  return Number.isSafeInteger(x) && (x as number) >= 0;
}

/** A SHA-256 digest as 64 lower-case hex digits. */
export function isSha256Hex(x: unknown): x is string {
  return typeof x === 'string' && /^[0-9a-f]{64}$/.test(x);
}

/** A tensor shape: a list of counts. */
export function isShape(x: unknown): x is number[] {
  return Array.isArray(x) && x.every(isCount);
}
