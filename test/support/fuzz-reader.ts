// Runs a data-set reader on mutated copies of a fixture and sorts every outcome: the same data as
// the fixture, a PinlabInputError naming the mutated file, a different but valid data set (only
// possible without SHA256SUMS), or anything else — which must never happen.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { PinlabInputError } from '../../lib/errors';
import { fixtureCopy } from './data-fixture';
import { describeCounts, type FuzzCounts } from './fuzz-file';
import { mutation } from './mutate-lines';

export interface ReaderUnderFuzz<T> {
  /** Folder name under test/fixtures. */
  readonly fixture: string;
  /** The data files to mutate (SHA256SUMS is added when it ships). */
  readonly files: readonly string[];
  readonly read: (dir: string) => T;
  /** Why `data` breaks the format's invariants, or undefined when valid (checked without the reader's code). */
  readonly invalid: (data: T) => string | undefined;
}

/** The suite's counts, plus loads of valid data that differs from the fixture: edits only a checksum can see. */
export interface DataSetFuzzCounts extends FuzzCounts {
  validDifferent: number;
}

/** One line for the test log: the counts of every fuzz suite, and the valid-but-different loads. */
export function describeDataSetCounts(reader: string, c: DataSetFuzzCounts): string {
  return `${describeCounts(reader, c)}, ${c.validDifferent} valid but different (no checksum to catch them)`;
}

/**
 * Mutates the fixture `runs` times (fast-check, fixed `seed`). With `sums: 'keep'` the shipped
 * SHA256SUMS is kept (and mutated too), so every change must be caught or harmless; with 'drop' the
 * reader's own validation is all there is, and a load of different data counts as `validDifferent`
 * if it passes `invalid`, else as `other`.
 */
export function fuzzReader<T>(
  r: ReaderUnderFuzz<T>,
  opts: { seed: number; runs: number; sums: 'keep' | 'drop' },
): { counts: DataSetFuzzCounts; failures: string[] } {
  const reference = r.read(fixtureCopy(r.fixture, {}, opts.sums));
  const targets = opts.sums === 'keep' ? [...r.files, 'SHA256SUMS'] : r.files;
  const counts: DataSetFuzzCounts = { cases: 0, typedErrors: 0, identicalLoads: 0, validDifferent: 0, other: 0 };
  const failures: string[] = [];
  for (const m of fc.sample(mutation(targets), { seed: opts.seed, numRuns: opts.runs })) {
    const dir = fixtureCopy(r.fixture, {}, opts.sums);
    const file = path.join(dir, m.file);
    fs.writeFileSync(file, m.apply(fs.readFileSync(file)));
    counts.cases++;
    let outcome: string | undefined;
    try {
      const data = r.read(dir);
      if (isDeepStrictEqual(data, reference)) counts.identicalLoads++;
      else if (opts.sums === 'keep') outcome = 'loaded changed data although SHA256SUMS shipped';
      else {
        const why = r.invalid(data);
        if (why === undefined) counts.validDifferent++;
        else outcome = `loaded invalid data: ${why}`;
      }
    } catch (e) {
      const named = e instanceof PinlabInputError && e.file?.startsWith(dir) && e.message.includes(m.file);
      if (named) counts.typedErrors++;
      else outcome = `threw ${e instanceof PinlabInputError ? 'without naming the file' : 'untyped'}: ${String(e)}`;
    }
    if (outcome !== undefined) {
      counts.other++;
      failures.push(`${m.file}, ${m.kind}: ${outcome}`);
    }
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  }
  return { counts, failures };
}
