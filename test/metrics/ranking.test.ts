import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rankingMetrics, summarizeRanking } from '../../lib/metrics/ranking';
import { PinlabInputError } from '../../lib/errors';

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

// Three queries over 10 items, lists of width 5 (-1 pads):
//   q0 ranks [3,1,4,0,9] with positives {1,9,7}: hits at ranks 2 and 5;
//   q1 has no positives (skipped); q2 ranks [2] with positives {2}: hit at rank 1.
const lists = { items: Int32Array.from([3, 1, 4, 0, 9, 5, 6, 7, 8, 0, 2, -1, -1, -1, -1]), width: 5 };
const positives = { offsets: Int32Array.from([0, 3, 3, 4]), ids: Int32Array.from([1, 9, 7, 2]) };

test('per-query metrics match hand-computed values', () => {
  const m = rankingMetrics(lists, positives, [1, 3, 5], 10);
  assert.deepEqual(Array.from(m.queries), [0, 2]);
  assert.deepEqual(Array.from(m.positives), [3, 1]);
  assert.deepEqual(Array.from(m.reciprocalRank), [0.5, 1]);
  const [k1, k3, k5] = m.atK;
  assert.deepEqual(Array.from(k1.recall), [0, 1]);
  assert.deepEqual(Array.from(k1.hitRate), [0, 1]);
  assert.deepEqual(Array.from(k1.ndcg), [0, 1]);
  // q0 at K=3: one hit at rank 2; ideal has min(3, 3) = 3 positives at ranks 1..3.
  const idcg3 = 1 + 1 / Math.log2(3) + 1 / Math.log2(4);
  close(k3.recall[0], 1 / 3);
  close(k3.ndcg[0], 1 / Math.log2(3) / idcg3);
  // q0 at K=5: hits at ranks 2 and 5; the ideal still stops at |P| = 3.
  close(k5.recall[0], 2 / 3);
  close(k5.ndcg[0], (1 / Math.log2(3) + 1 / Math.log2(6)) / idcg3);
  close(k5.ndcg[0], 1.017783 / 2.1309298, 1e-6); // (0.6309298 + 0.3868528) / (1 + 0.6309298 + 0.5)
  assert.deepEqual(Array.from(k5.hits), [2, 1]);
});

test('summaries distinguish per-user recall from global (per-event) recall', () => {
  const s = summarizeRanking(rankingMetrics(lists, positives, [3], 10))[0];
  close(s.recall, (1 / 3 + 1) / 2); // mean over the two users with positives
  close(s.globalRecall, (1 + 1) / (3 + 1)); // pooled hits over pooled positives
  close(s.hitRate, 1);
  close(s.mrr, 0.75);
  assert.equal(s.queries, 2);
});

test('NDCG ideal uses min(K, |P|): all positives on top gives 1', () => {
  const l = { items: Int32Array.from([4, 2, 0, 1]), width: 4 };
  const p = { offsets: Int32Array.from([0, 2]), ids: Int32Array.from([2, 4]) };
  const m = rankingMetrics(l, p, [1, 2, 4], 5);
  assert.deepEqual(
    m.atK.map((a) => a.ndcg[0]),
    [1, 1, 1],
  );
  assert.deepEqual(
    m.atK.map((a) => a.recall[0]),
    [0.5, 1, 1],
  );
});

test('bad input names the field and index', () => {
  assert.throws(
    () => rankingMetrics(lists, positives, [6], 10),
    (e: unknown) => e instanceof PinlabInputError && e.field === 'ks' && e.index === 0,
  );
  const dup = { items: Int32Array.from([1, 1]), width: 2 };
  const p1 = { offsets: Int32Array.from([0, 1]), ids: Int32Array.from([1]) };
  assert.throws(
    () => rankingMetrics(dup, p1, [2], 3),
    (e: unknown) => e instanceof PinlabInputError && e.field === 'lists.items' && e.index === 1,
  );
  const badPos = { offsets: Int32Array.from([0, 1]), ids: Int32Array.from([7]) };
  assert.throws(
    () => rankingMetrics({ items: Int32Array.from([0]), width: 1 }, badPos, [1], 3),
    (e: unknown) => e instanceof PinlabInputError && e.field === 'positives.ids' && e.index === 0,
  );
});
