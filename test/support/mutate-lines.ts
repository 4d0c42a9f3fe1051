// Mutations of a data set's text files for the reader fuzz suites (test/fuzz): line edits, byte
// flips, truncation and number tokens replaced by out-of-range or non-numeric ones.
import fc from 'fast-check';
import { replaceNumber } from './mutate-bytes';

/** One edit of one file, byte-exact (files are handled as latin1 so every byte survives). */
export interface Mutation {
  readonly file: string;
  readonly kind: string;
  readonly apply: (bytes: Buffer) => Buffer;
}

/** Replacements for a number: out of range for every id, count and class in the fixtures, or not a number. */
export const BAD_TOKENS = [
  '-1',
  '-7',
  '8',
  '99',
  '9999',
  '2147483648',
  '1e3',
  '3.7',
  '0x1',
  'x',
  'NaN',
  '',
  ' ',
  '١',
  '1,2',
];

/** Applies `edit` to the file's lines (final newline kept as it was). */
function onLines(bytes: Buffer, edit: (lines: string[]) => void): Buffer {
  const parts = bytes.toString('latin1').split('\n');
  const final = parts.length > 1 && parts[parts.length - 1] === '';
  if (final) parts.pop();
  edit(parts);
  return Buffer.from(parts.join('\n') + (final ? '\n' : ''), 'latin1');
}

const at = (n: number, length: number) => (length === 0 ? 0 : n % length);

function kinds(): fc.Arbitrary<{ kind: string; apply: (b: Buffer) => Buffer }>[] {
  const n = fc.nat(1 << 20);
  return [
    n.map((k) => ({
      kind: `delete line ${k}`,
      apply: (b: Buffer) => onLines(b, (l) => void l.splice(at(k, l.length), 1)),
    })),
    n.map((k) => ({
      kind: `duplicate line ${k}`,
      apply: (b: Buffer) => onLines(b, (l) => void (l.length && l.splice(at(k, l.length), 0, l[at(k, l.length)]))),
    })),
    fc.tuple(n, n).map(([i, j]) => ({
      kind: `swap lines ${i} ${j}`,
      apply: (b: Buffer) =>
        onLines(b, (l) => {
          const [x, y] = [at(i, l.length), at(j, l.length)];
          [l[x], l[y]] = [l[y], l[x]];
        }),
    })),
    n.map((k) => ({
      kind: `blank line at ${k}`,
      apply: (b: Buffer) => onLines(b, (l) => void l.splice(at(k, l.length + 1), 0, '')),
    })),
    fc.tuple(n, fc.nat(7)).map(([p, bit]) => ({
      kind: `flip bit ${bit} of byte ${p}`,
      apply: (b: Buffer) => {
        const c = Buffer.from(b);
        if (c.length) c[at(p, c.length)] ^= 1 << bit;
        return c;
      },
    })),
    n.map((p) => ({ kind: `truncate at ${p}`, apply: (b: Buffer) => b.subarray(0, at(p, b.length)) })),
    fc.tuple(n, fc.constantFrom(...BAD_TOKENS)).map(([k, tok]) => ({
      kind: `number ${k} → '${tok}'`,
      apply: (b: Buffer) => replaceNumber(b, k, tok),
    })),
    fc.constant({
      kind: 'CRLF line ends',
      apply: (b: Buffer) => Buffer.from(b.toString('latin1').replace(/\n/g, '\r\n'), 'latin1'),
    }),
    fc.constant({
      kind: 'final newline toggled',
      apply: (b: Buffer) => (b[b.length - 1] === 0x0a ? b.subarray(0, -1) : Buffer.concat([b, Buffer.from('\n')])),
    }),
  ];
}

/** A random mutation of one of `files`. */
export function mutation(files: readonly string[]): fc.Arbitrary<Mutation> {
  return fc.tuple(fc.constantFrom(...files), fc.oneof(...kinds())).map(([file, m]) => ({ file, ...m }));
}
