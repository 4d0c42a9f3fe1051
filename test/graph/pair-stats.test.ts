import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countPositives, positiveItemsOf, userWithPositives } from '../../lib/graph/pair-stats';
import type { LinkPairs } from '../../lib/graph/split';
import { PinlabInputError } from '../../lib/errors';

/** Pairs (user, item, label): (0, 5, 1) (1, 6, 1) (0, 7, 0) (2, 8, 1) (2, 9, 1) (0, 4, 1). */
const pairs = {
  count: 6,
  user: Uint32Array.of(0, 1, 0, 2, 2, 0),
  item: Uint32Array.of(5, 6, 7, 8, 9, 4),
  label: Uint8Array.of(1, 1, 0, 1, 1, 1),
} as unknown as LinkPairs;

test('countPositives and positiveItemsOf read the labels', () => {
  assert.equal(countPositives(pairs), 5);
  assert.deepEqual(positiveItemsOf(pairs, 0), [5, 4]);
  assert.deepEqual(positiveItemsOf(pairs, 3), []);
});

test('userWithPositives searches from the start user and wraps around', () => {
  assert.equal(userWithPositives(pairs, 4, 1, 2), 2);
  assert.equal(userWithPositives(pairs, 4, 3, 2), 0);
  assert.equal(userWithPositives(pairs, 4, 0, 3), -1);
  assert.throws(() => userWithPositives(pairs, 4, 4, 1), PinlabInputError);
});
