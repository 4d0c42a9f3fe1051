import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countOverlap, GOWALLA_COUNTS, loadGowalla, splitFromPairs, splitFromText } from '../../../lib/data/datasets/gowalla';
import { evaluateAllItems } from '../../../lib/retrieval/evaluate';
import { EmbeddingScores } from '../../../lib/retrieval/embedding-scores';
import { PinlabInputError } from '../../../lib/errors';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

// A deterministic slice in the NGCF file format. 1-d embeddings (user = 1, item j = 0.9 − 0.1 j)
// rank items 0,1,2,… for everyone, so the protocol's result can be worked out by hand.
const TRAIN = '0 1 2\n1 0\n2 3\n';
const TEST = '0 3 5\n1 4\n2\n';

test('full-ranking protocol on a hand-worked slice: training items excluded, users without test items skipped', () => {
  const split = splitFromText(TRAIN, TEST);
  assert.deepEqual([split.numUsers, split.numItems], [3, 6]);
  const items = Float32Array.from({ length: 6 }, (_, j) => 0.9 - 0.1 * j);
  const ev = evaluateAllItems(new EmbeddingScores(new Float32Array(3).fill(1), items, 1), split, [1, 2, 4]);
  // user 0 sees 0,3,4,5 (1,2 trained): test {3,5} at ranks 2 and 4. user 1 sees 1,2,3,4,5: test {4} at rank 4.
  assert.deepEqual(Array.from(ev.perQuery.queries), [0, 1]);
  const [k1, k2, k4] = ev.summary;
  const d = (r: number) => 1 / Math.log2(r + 1);
  assert.deepEqual([k1.recall, k1.ndcg], [0, 0]);
  close(k2.recall, (1 / 2 + 0) / 2);
  close(k2.ndcg, (d(2) / (d(1) + d(2)) + 0) / 2);
  close(k4.recall, 1);
  close(k4.ndcg, ((d(2) + d(4)) / (d(1) + d(2)) + d(4) / d(1)) / 2);
  close(k4.globalRecall, 3 / 3);
  close(k4.mrr, (1 / 2 + 1 / 4) / 2);
});

test('parser rejects malformed lines with the line named', () => {
  assert.throws(() => splitFromText('0 1 x\n', '0 2\n'), (e: unknown) => e instanceof PinlabInputError && e.field === 'train line 1' && e.index === 2);
  assert.throws(() => splitFromText('0 1 1\n', '0 2\n'), (e: unknown) => e instanceof PinlabInputError && e.index === 2);
  assert.throws(() => splitFromText('0 1\n0 2\n', '0 3\n'), /two lines/);
});

test('real Gowalla: published sizes, disjoint train/test', (t) => {
  const g = loadGowalla();
  if (!g.split) return t.skip(g.reason);
  const s = g.split;
  assert.deepEqual(
    { users: s.numUsers, items: s.numItems, train: s.train.ids.length, test: s.test.ids.length },
    { ...GOWALLA_COUNTS },
  );
  assert.equal(countOverlap(s), 0);
  // The first user line of train_part1.txt is user 0 with items 0, 1, 2, … (sorted).
  assert.deepEqual(Array.from(s.train.ids.subarray(0, 3)), [0, 1, 2]);
});

test('splitFromPairs keeps label-1 pairs per user, collapsing repeats, and checks ranges', () => {
  const pairs = { count: 5, user: [0, 0, 1, 0, 1], item: [2, 1, 0, 2, 3], label: [1, 1, 0, 1, 1] };
  const s = splitFromPairs(2, 4, pairs, { count: 1, user: [1], item: [2], label: [1] });
  assert.deepEqual(Array.from(s.train.offsets), [0, 2, 3]);
  assert.deepEqual(Array.from(s.train.ids), [1, 2, 3]);
  assert.deepEqual(Array.from(s.test.ids), [2]);
  assert.throws(() => splitFromPairs(2, 4, { count: 1, user: [2], item: [0], label: [1] }, pairs), (e: unknown) => e instanceof PinlabInputError && e.field === 'train' && e.index === 0);
});
