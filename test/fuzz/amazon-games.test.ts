import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AMAZON_GAMES_FILES, readAmazonGames } from '../../lib/data/datasets/amazon-games';
import type { ItemSequences } from '../../lib/data/types';
import { useTempCache } from '../support/data-fixture';
import { describeDataSetCounts, fuzzReader } from '../support/fuzz-reader';

useTempCache();

/** The format's invariants, checked without the reader's code: why `s` is not valid item sequences. */
function invalid(s: ItemSequences): string | undefined {
  if (!Number.isInteger(s.numUsers) || s.sequences.length !== s.numUsers) return 'user count';
  let maxItem = -1;
  for (const [u, q] of s.sequences.entries()) {
    if (!(q instanceof Int32Array) || q.length === 0) return `user ${u} has no items`;
    for (const i of q) if (!(i >= 0 && i < s.numItems)) return `item ${i} of user ${u} out of range`;
    maxItem = Math.max(maxItem, ...q);
  }
  return maxItem + 1 === s.numItems ? undefined : 'item count is not the largest id + 1';
}

for (const sums of ['keep', 'drop'] as const) {
  const shipped = sums === 'keep' ? 'shipped' : 'absent';
  test(`fuzz, SHA256SUMS ${shipped}: mutated Amazon Games files load unchanged or throw a typed error naming it`, (t) => {
    const { counts, failures } = fuzzReader(
      { fixture: 'amazon-games-tiny', files: AMAZON_GAMES_FILES, read: (dir) => readAmazonGames(dir), invalid },
      { seed: 20261201, runs: 400, sums },
    );
    t.diagnostic(describeDataSetCounts(`readAmazonGames, SHA256SUMS ${shipped}`, counts));
    assert.deepEqual(failures.slice(0, 5), []);
    if (sums === 'keep') assert.equal(counts.validDifferent, 0);
    assert.equal(counts.cases, 400);
    assert.ok(counts.typedErrors > 100, `only ${counts.typedErrors} typed errors`);
  });
}
