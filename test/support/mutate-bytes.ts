// Byte-level mutations of binary and state files for the fuzz suites (test/fuzz): flipped bytes,
// truncation, extension, swapped, duplicated or deleted regions, overwritten uint32 fields, and
// number tokens (in a file's text part) replaced by out-of-range or wrong-type values.
import fc from 'fast-check';

/** One edit of a file's bytes, described for failure messages. */
export interface ByteMutation {
  readonly kind: string;
  readonly apply: (bytes: Buffer) => Buffer;
}

/** Replacements for a number in a JSON header or manifest: out of range, fractional, huge, or not a number. */
export const BAD_NUMBERS = [
  '-1',
  '0',
  '1',
  '3',
  '0.5',
  '-0',
  '4294967296',
  '9007199254740993',
  '1e308',
  '1e999',
  '"7"',
  'null',
  'true',
  '[]',
  '{}',
  'NaN',
  '',
];

/** Values written over a uint32 field: zero, one, the largest values, and a length-like value. */
const BAD_UINT32 = [0, 1, 2, 47, 48, 0x7fffffff, 0xfffffffe, 0xffffffff];

const at = (n: number, length: number) => (length === 0 ? 0 : n % length);

/** The [start, end) byte range a text mutation may touch (default: the whole file). */
export type TextRegion = (bytes: Buffer) => readonly [number, number];

/** Replaces the `k`-th number token inside `region` by `token`; unchanged when the region has none. */
export function replaceNumber(
  bytes: Buffer,
  k: number,
  token: string,
  region: TextRegion = (b) => [0, b.length],
): Buffer {
  const [start, end] = region(bytes);
  const text = bytes.subarray(start, end).toString('latin1');
  const numbers = [...text.matchAll(/-?\d+(\.\d+)?([eE][-+]?\d+)?/g)];
  if (numbers.length === 0) return bytes;
  const m = numbers[at(k, numbers.length)];
  const edited = text.slice(0, m.index) + token + text.slice(m.index! + m[0].length);
  return Buffer.concat([bytes.subarray(0, start), Buffer.from(edited, 'latin1'), bytes.subarray(end)]);
}

/**
 * A random mutation of a file. `uint32At` lists offsets of binary uint32 fields to overwrite;
 * `text` bounds the number replacements (a JSON header inside a binary file).
 */
export function byteMutation(
  opts: { uint32At?: readonly number[]; text?: TextRegion } = {},
): fc.Arbitrary<ByteMutation> {
  const n = fc.nat(1 << 24);
  const len = fc.integer({ min: 1, max: 64 });
  const kinds: fc.Arbitrary<ByteMutation>[] = [
    fc.array(fc.tuple(n, fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 3 }).map((flips) => ({
      kind: `xor ${flips.map(([p, x]) => `byte ${p} with ${x}`).join(', ')}`,
      apply: (b: Buffer) => {
        const c = Buffer.from(b);
        for (const [p, x] of flips) if (c.length) c[at(p, c.length)] ^= x;
        return c;
      },
    })),
    n.map((p) => ({ kind: `truncate at ${p}`, apply: (b: Buffer) => b.subarray(0, at(p, b.length)) })),
    fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.boolean()).map(([extra, zeros]) => ({
      kind: `extend by ${extra.length} ${zeros ? 'zero' : 'random'} bytes`,
      apply: (b: Buffer) => Buffer.concat([b, zeros ? Buffer.alloc(extra.length) : Buffer.from(extra)]),
    })),
    fc.tuple(n, n, len).map(([p, q, l]) => ({
      kind: `swap ${l} bytes at ${p} and ${q}`,
      apply: (b: Buffer) => {
        const c = Buffer.from(b);
        const L = Math.min(l, Math.floor(b.length / 2));
        const [i, j] = [at(p, b.length - L + 1), at(q, b.length - L + 1)];
        b.copy(c, i, j, j + L);
        b.copy(c, j, i, i + L);
        return c;
      },
    })),
    fc.tuple(n, n, len).map(([p, q, l]) => ({
      kind: `duplicate ${l} bytes from ${p} at ${q}`,
      apply: (b: Buffer) => {
        const i = at(p, b.length);
        const j = at(q, b.length + 1);
        return Buffer.concat([b.subarray(0, j), b.subarray(i, i + l), b.subarray(j)]);
      },
    })),
    fc.tuple(n, len).map(([p, l]) => ({
      kind: `delete ${l} bytes at ${p}`,
      apply: (b: Buffer) => Buffer.concat([b.subarray(0, at(p, b.length)), b.subarray(at(p, b.length) + l)]),
    })),
    fc.tuple(n, fc.constantFrom(...BAD_NUMBERS)).map(([k, token]) => ({
      kind: `number ${k} → '${token}'`,
      apply: (b: Buffer) => replaceNumber(b, k, token, opts.text),
    })),
  ];
  if (opts.uint32At?.length) {
    const value = fc.oneof(fc.constantFrom(...BAD_UINT32), fc.nat());
    kinds.push(
      fc.tuple(fc.constantFrom(...opts.uint32At), value).map(([off, v]) => ({
        kind: `uint32 at ${off} → ${v}`,
        apply: (b: Buffer) => {
          const c = Buffer.from(b);
          if (c.length >= off + 4) c.writeUInt32LE(v >>> 0, off);
          return c;
        },
      })),
    );
  }
  return fc.oneof(...kinds);
}
