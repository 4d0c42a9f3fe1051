// Runs a reader on mutated copies of one file and sorts every outcome: the original data (a
// harmless change), a PinlabInputError naming the file, or anything else, which must never happen.
import * as fs from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { PinlabInputError } from '../../lib/errors';
import type { ByteMutation } from './mutate-bytes';

export interface FuzzCounts {
  cases: number;
  typedErrors: number;
  identicalLoads: number;
  other: number;
}

export interface FileUnderFuzz<T> {
  /** The file mutated in place; restored to `original` after every case. */
  readonly file: string;
  readonly original: Buffer;
  readonly read: () => T | Promise<T>;
  /** What `read` returns on the original file. */
  readonly reference: T;
  /** Whether a typed error names the right file (default: its `file` is `file`). */
  readonly names?: (e: PinlabInputError) => boolean;
  /** A further invariant after each case (e.g. nothing was partly restored): a description when broken. */
  readonly check?: (outcome: 'identical' | 'typed') => string | undefined;
}

/** Applies `runs` mutations drawn with `seed` (fast-check) and counts outcomes; `failures` describes every "other". */
export async function fuzzFile<T>(
  r: FileUnderFuzz<T>,
  mutations: fc.Arbitrary<ByteMutation>,
  seed: number,
  runs: number,
): Promise<{ counts: FuzzCounts; failures: string[] }> {
  const counts: FuzzCounts = { cases: 0, typedErrors: 0, identicalLoads: 0, other: 0 };
  const failures: string[] = [];
  const names = r.names ?? ((e: PinlabInputError) => e.file === r.file);
  for (const m of fc.sample(mutations, { seed, numRuns: runs })) {
    fs.writeFileSync(r.file, m.apply(r.original));
    counts.cases++;
    let outcome: 'identical' | 'typed' | undefined;
    let problem: string | undefined;
    try {
      const data = await r.read();
      if (isDeepStrictEqual(data, r.reference)) outcome = 'identical';
      else problem = 'loaded data that differs from the original';
    } catch (e) {
      if (e instanceof PinlabInputError && names(e)) outcome = 'typed';
      else problem = `threw ${e instanceof PinlabInputError ? 'without naming the file' : 'untyped'}: ${String(e)}`;
    }
    problem ??= r.check?.(outcome!);
    if (problem === undefined) {
      if (outcome === 'identical') counts.identicalLoads++;
      else counts.typedErrors++;
    } else {
      counts.other++;
      failures.push(`${m.kind}: ${problem}`);
    }
  }
  fs.writeFileSync(r.file, r.original);
  return { counts, failures };
}

/** One line for the test log: the counts the closing note asks for. */
export function describeCounts(reader: string, c: FuzzCounts): string {
  return (
    `${reader}: ${c.cases} cases, ${c.typedErrors} typed errors, ${c.identicalLoads} identical loads, ` +
    `${c.other} other`
  );
}
