import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GOWALLA_FILES, readGowalla } from '../../lib/data/datasets/gowalla';
import type { ImplicitSplit } from '../../lib/data/types';
import { useTempCache } from '../support/data-fixture';
import { describeDataSetCounts, fuzzReader } from '../support/fuzz-reader';

useTempCache();
const COUNTS = { users: 5, items: 8, train: 12, test: 5 };

/** The layout's invariants, checked without the reader's code: why `s` is not a valid split of the fixture's size. */
function invalid(s: ImplicitSplit): string | undefined {
  if (s.numUsers !== COUNTS.users || s.numItems !== COUNTS.items) return 'sizes';
  if (s.train.ids.length !== COUNTS.train || s.test.ids.length !== COUNTS.test) return 'pair counts';
  for (let u = 0; u < s.numUsers; u++) {
    const tr = Array.from(s.train.ids.subarray(s.train.offsets[u], s.train.offsets[u + 1]));
    const te = Array.from(s.test.ids.subarray(s.test.offsets[u], s.test.offsets[u + 1]));
    if ([...tr, ...te].some((i) => !(i >= 0 && i < s.numItems))) return `item of user ${u} out of range`;
    if (new Set([...tr, ...te]).size !== tr.length + te.length) return `user ${u}: repeated or overlapping items`;
  }
  return undefined;
}

for (const sums of ['keep', 'drop'] as const) {
  const shipped = sums === 'keep' ? 'shipped' : 'absent';
  const title = `fuzz, SHA256SUMS ${shipped}: mutated Gowalla files load unchanged or throw a typed error naming it`;
  test(title, (t) => {
    const { counts, failures } = fuzzReader(
      { fixture: 'gowalla-tiny', files: GOWALLA_FILES, read: (dir) => readGowalla(dir, COUNTS), invalid },
      { seed: 20261201, runs: 400, sums },
    );
    t.diagnostic(describeDataSetCounts(`readGowalla, SHA256SUMS ${shipped}`, counts));
    assert.deepEqual(failures.slice(0, 5), []);
    if (sums === 'keep') assert.equal(counts.validDifferent, 0);
    assert.equal(counts.cases, 400);
  });
}
