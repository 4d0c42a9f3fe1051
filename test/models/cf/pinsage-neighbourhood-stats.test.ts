import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ImplicitSplit } from '../../../lib/data/types';
import {
  richestTestUser,
  userNeighbourhoodComposition,
  usersWithTestItems,
} from '../../../lib/models/cf/pinsage-neighbourhood-stats';
import { PinlabInputError } from '../../../lib/errors';

/** Three users, four items. Training: u0 {0, 1}, u1 {1, 2, 3}, u2 {0, 1, 2}; test: u0 {3}, u2 {3}. */
const split: ImplicitSplit = {
  numUsers: 3,
  numItems: 4,
  train: { offsets: Int32Array.of(0, 2, 5, 8), ids: Int32Array.of(0, 1, 1, 2, 3, 0, 1, 2) },
  test: { offsets: Int32Array.of(0, 1, 1, 2), ids: Int32Array.of(3, 3) },
};

test('usersWithTestItems and richestTestUser read the per-user item sets', () => {
  assert.equal(usersWithTestItems(split), 2);
  // u1 has the most training items but no test item; u2 beats u0.
  assert.equal(richestTestUser(split), 2);
});

test('userNeighbourhoodComposition counts own and same-category neighbours, not pads', () => {
  // T = 2, nodes offset by 3 users. u0: items 1 (own), 2; u1: item 0, a pad; u2: items 2 (own), 3.
  const hoods = { T: 2, nodes: Int32Array.of(4, 5, 3, 1, 5, 6), weights: Float32Array.of(0.6, 0.4, 1, 0, 0.5, 0.5) };
  const itemCategory = Uint8Array.of(0, 0, 1, 1);
  const userCategory = Uint8Array.of(0, 0, 1);
  const c = userNeighbourhoodComposition(split, hoods, itemCategory, userCategory);
  assert.equal(c.neighbours, 5);
  assert.equal(c.ownShare, 2 / 5);
  // In the user's category: u0–item 1, u1–item 0, u2–items 2 and 3.
  assert.equal(c.categoryShare, 4 / 5);
  assert.throws(() => userNeighbourhoodComposition(split, hoods, itemCategory, Uint8Array.of(0, 0)), PinlabInputError);
});
