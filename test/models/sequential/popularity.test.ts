import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PinlabInputError } from '../../../lib/errors';
import { PopularityScorer } from '../../../lib/models/sequential/popularity';

const i32 = (a: number[]) => Int32Array.from(a);
// 5 items. Counts: 0 ×2, 1 ×3, 2 ×3, 3 ×1, 4 ×0. Transitions: 0→1 ×2, 1→2 ×2, 2→1, 2→3.
const TRAIN = [i32([0, 1, 2]), i32([2, 1]), i32([0, 1, 2, 3])];
const rows = (scores: Float32Array, n: number) =>
  Array.from({ length: scores.length / n }, (_, r) => Array.from(scores.subarray(r * n, (r + 1) * n)));

test('popularity scores every history by the training counts', () => {
  const pop = new PopularityScorer(TRAIN, 5);
  assert.deepEqual(rows(pop.scoreAll([i32([0]), i32([])]), 5), [
    [2, 3, 3, 1, 0],
    [2, 3, 3, 1, 0],
  ]);
  assert.throws(() => new PopularityScorer([i32([5])], 5), PinlabInputError);
});
