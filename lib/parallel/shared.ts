const arenas = new Map<string, SharedArrayBuffer>();

/**
 * A typed array of `length` elements on a SharedArrayBuffer reused per `slot` (grow-only), so hot
 * loops do not allocate: valid until the next call with the same slot. Contents are unspecified.
 */
export function sharedScratch<T extends Float32Array | Int32Array>(
  slot: string,
  kind: new (b: SharedArrayBuffer, o: number, n: number) => T,
  length: number,
): T {
  let b = arenas.get(slot);
  if (!b || b.byteLength < 4 * length) {
    b = new SharedArrayBuffer(Math.max(4 * length, b ? 2 * b.byteLength : 0));
    arenas.set(slot, b);
  }
  return new kind(b, 0, length);
}

/** `a` itself when it already lives on a SharedArrayBuffer, else a copy in `slot`'s scratch. */
export function shared<T extends Float32Array | Int32Array>(slot: string, a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const out = sharedScratch(slot, a.constructor as new (b: SharedArrayBuffer, o: number, n: number) => T, a.length);
  out.set(a);
  return out;
}

/** A new zero-filled Float32Array on its own SharedArrayBuffer (for long-lived model state). */
export function sharedFloats(length: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(4 * length));
}

/**
 * The first `length` float64 values over a Float32Array's bytes: kernels keep float64 scratch this way,
 * because task arguments are Float32Array or Int32Array.
 */
export function float64View(a: Float32Array, length: number): Float64Array {
  return new Float64Array(a.buffer, a.byteOffset, length);
}
