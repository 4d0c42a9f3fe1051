import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entropyBits, gini } from '../../lib/stats/inequality';
import { spearman } from '../../lib/stats/rank-correlation';
import { mean, median, meanStd, sum } from '../../lib/stats/summary';

test('entropy, Gini and Spearman on hand-computed cases', () => {
  assert.equal(entropyBits([1, 1, 1, 1]), 2);
  assert.equal(entropyBits([5, 0, 0]), 0);
  assert.ok(Math.abs(entropyBits([1, 3]) - 0.8112781244591328) < 1e-12);
  assert.equal(gini([2, 2, 2]), 0);
  assert.ok(Math.abs(gini([0, 0, 0, 8]) - 0.75) < 1e-12);
  assert.ok(Math.abs(gini([1, 3]) - 0.25) < 1e-12); // Σ|xi−xj| = 4 over 2·n·Σx = 16
  assert.equal(spearman(Float64Array.of(1, 2, 3), Float64Array.of(10, 20, 30)), 1);
  assert.equal(spearman(Float64Array.of(1, 2, 3), Float64Array.of(3, 2, 1)), -1);
});

test('sum, mean, median and meanStd on hand-computed cases; empty samples give NaN', () => {
  assert.equal(sum([1, 2, 3.5]), 6.5);
  assert.equal(mean(Float64Array.of(1, 2, 6)), 3);
  assert.ok(Number.isNaN(mean([])) && Number.isNaN(median([])));
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([4, 1, 3, 2], { lower: true }), 2);
  const s = meanStd([2, 4, 4, 4, 5, 5, 7, 9]);
  assert.equal(s.mean, 5);
  assert.ok(Math.abs(s.std - Math.sqrt(32 / 7)) < 1e-12);
  assert.equal(meanStd([3]).std, 0);
});
