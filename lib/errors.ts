/** Where in a file bad input was found: the file's path and, when known, its 1-based line or byte offset. */
export interface InputLocation {
  readonly file: string;
  readonly line?: number;
  readonly byteOffset?: number;
}

/**
 * The one error type for bad input anywhere in pinlab. It names the offending field (and the
 * element index for arrays) so a researcher can fix the call without reading library code; input
 * read from disk also names the file and line (or byte offset), so the data can be fixed too.
 */
export class PinlabInputError extends Error {
  override readonly name = 'PinlabInputError';
  readonly file?: string;
  readonly line?: number;
  readonly byteOffset?: number;
  constructor(
    readonly field: string,
    readonly reason: string,
    readonly index?: number,
    at?: InputLocation,
  ) {
    const what = `${index === undefined ? field : `${field}[${index}]`}: ${reason}`;
    const line = at?.line === undefined ? '' : ` line ${at.line}`;
    const byte = at?.byteOffset === undefined ? '' : ` byte ${at.byteOffset}`;
    const where = at && `${at.file}${line}${byte}`;
    super(where ? `${where}: ${what}` : what);
    this.file = at?.file;
    this.line = at?.line;
    this.byteOffset = at?.byteOffset;
  }
}

/** Throws unless `value` is a finite number (optionally also >= `min`). */
export function requireFinite(field: string, value: number, min = -Infinity, index?: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new PinlabInputError(field, `must be a finite number, got ${String(value)}`, index);
  }
  if (value < min) throw new PinlabInputError(field, `must be >= ${min}, got ${value}`, index);
}

/** Throws unless `value` is an integer in [min, max]. */
export function requireInt(field: string, value: number, min = -Infinity, max = Infinity): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new PinlabInputError(field, `must be an integer in [${min}, ${max}], got ${String(value)}`);
  }
}

/** Throws unless every element is finite (and >= `min`), naming the first bad index. */
export function requireFiniteArray(field: string, values: ArrayLike<number>, min = -Infinity): void {
  for (let i = 0; i < values.length; i++) requireFinite(field, values[i], min, i);
}
