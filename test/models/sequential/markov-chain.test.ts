import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PinlabInputError } from '../../../lib/errors';
import { MarkovChainScorer } from '../../../lib/models/sequential/markov-chain';

const i32 = (a: number[]) => Int32Array.from(a);
// 5 items. Counts: 0 ×2, 1 ×3, 2 ×3, 3 ×1, 4 ×0. Transitions: 0→1 ×2, 1→2 ×2, 2→1, 2→3.
const TRAIN = [i32([0, 1, 2]), i32([2, 1]), i32([0, 1, 2, 3])];
const rows = (scores: Float32Array, n: number) =>
  Array.from({ length: scores.length / n }, (_, r) => Array.from(scores.subarray(r * n, (r + 1) * n)));

test('Markov chain by hand: transitions from the last item plus β · pop / max pop; popularity alone without one', () => {
  const mc = new MarkovChainScorer(TRAIN, 5, { backoff: 0.3 });
  assert.deepEqual(Array.from(mc.offsets), [0, 1, 2, 4, 4, 4]);
  assert.deepEqual(
    [Array.from(mc.next), Array.from(mc.count)],
    [
      [1, 2, 1, 3],
      [2, 2, 1, 1],
    ],
  );
  const prior = [2, 3, 3, 1, 0].map((c) => (0.3 * c) / 3);
  const got = rows(mc.scoreAll([i32([4, 0]), i32([0, 2]), i32([3]), i32([])]), 5);
  const want = [
    prior.map((p, j) => p + (j === 1 ? 2 : 0)), // after 0: 0→1 twice
    prior.map((p, j) => p + (j === 1 || j === 3 ? 1 : 0)), // after 2: 2→1 and 2→3 once each
    prior, // 3 was never followed: popularity
    prior, // empty history
  ];
  got.forEach((r, k) => r.forEach((s, j) => assert.ok(Math.abs(s - want[k][j]) < 1e-6, `row ${k} item ${j}: ${s}`)));
  // Small β: ties between transitions (items 1 and 3 after 2) are broken by popularity, 1 first.
  const after2 = rows(new MarkovChainScorer(TRAIN, 5, { backoff: 0.01 }).scoreAll([i32([2])]), 5)[0];
  assert.ok(after2[1] > after2[3] && after2[3] > after2[2] && after2[2] > after2[4]);
  // Large β: popularity dominates.
  const big = rows(new MarkovChainScorer(TRAIN, 5, { backoff: 1000 }).scoreAll([i32([2])]), 5)[0];
  assert.ok(big[2] > big[3]);
  assert.throws(() => new MarkovChainScorer(TRAIN, 5, { backoff: -1 }), PinlabInputError);
  assert.throws(() => mc.scoreAll([i32([7])]), PinlabInputError);
});
