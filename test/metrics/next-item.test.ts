import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LeaveOneOutSplit } from '../../lib/data/types';
import { PinlabInputError } from '../../lib/errors';
import { evaluateNextItem, evaluateNextItemVariants, type NextItemScorer } from '../../lib/metrics/next-item';
import { Rng } from '../../lib/random/rng';

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);
const ndcg = (rank: number) => 1 / Math.log2(rank + 2);

/** A scorer giving every history the same row, recording the histories it was asked about. */
function fixedScorer(row: number[]): NextItemScorer & { seen: number[][] } {
  const seen: number[][] = [];
  return {
    seen,
    scoreAll(histories) {
      histories.forEach((h) => seen.push(Array.from(h)));
      const out = new Float32Array(histories.length * row.length);
      histories.forEach((_, r) => out.set(row, r * row.length));
      return out;
    },
  };
}

const i32 = (a: number[]) => Int32Array.from(a);

// 6 items. User 0: train [0 1], valid 2, test 3. User 1: train [3 4 3], valid 3 (a repeat of a training
// item), test 5. User 2 has < 3 interactions: not evaluated.
const SPLIT: LeaveOneOutSplit = {
  numUsers: 3,
  numItems: 6,
  train: [i32([0, 1]), i32([3, 4, 3]), i32([1])],
  valid: i32([2, 3, -1]),
  test: i32([3, 5, -1]),
};
const ROW = [9, 8, 5, 5, 7, 1];

test('full ranking by hand: training items excluded, the target never, ties counted half', async () => {
  const valid = await evaluateNextItem(fixedScorer(ROW), SPLIT, { stage: 'valid', k: 2, seed: 1 });
  // User 0, target 2 (5): competitors 3 (5, tie), 4 (7, above), 5 (1) → rank 1.5, a hit at K = 2.
  // User 1, target 3 (5), a training item but never excluded: competitors 0, 1 (above), 2 (tie), 5 → rank 2.5.
  assert.equal(valid.users, 2);
  assert.equal(valid.k, 2);
  close(valid.full.hr, (1 + 0) / 2);
  close(valid.full.ndcg, ndcg(1.5) / 2);
  const test3 = await evaluateNextItem(fixedScorer(ROW), SPLIT, { stage: 'test', k: 3, seed: 1 });
  // User 0, target 3 (5): the validation item 2 (5) is a competitor, a tie; 4 above → rank 1.5.
  // User 1, target 5 (1): excluded 3, 4; competitors 0, 1, 2 above → rank 3, a miss at K = 3.
  close(test3.full.hr, 1 / 2);
  close(test3.full.ndcg, ndcg(1.5) / 2);
});

test('histories: training items for validation, training items then the validation item for test', async () => {
  const v = fixedScorer(ROW);
  await evaluateNextItem(v, SPLIT, { stage: 'valid', seed: 1 });
  assert.deepEqual(v.seen, [
    [0, 1],
    [3, 4, 3],
  ]);
  const t = fixedScorer(ROW);
  await evaluateNextItem(t, SPLIT, { stage: 'test', seed: 1, batchSize: 1 });
  assert.deepEqual(t.seen, [
    [0, 1, 2],
    [3, 4, 3, 3],
  ]);
});

test('sampled: negatives never come from the training items nor the target, ties count half', async () => {
  // Training items and target score highest; the only items that can be drawn score below → rank 0.
  const oneUser: LeaveOneOutSplit = { numUsers: 1, numItems: 6, train: [i32([0, 1])], valid: i32([2]), test: i32([3]) };
  const m = await evaluateNextItem(fixedScorer([100, 100, 50, 0, 0, 0]), oneUser, { stage: 'valid', seed: 7 });
  assert.deepEqual([m.sampled.hr, m.sampled.ndcg, m.sampled.negatives, m.sampled.seed], [1, 1, 100, 7]);
  // Every drawable item above the target: rank = negatives exactly (duplicates count once per draw).
  const above = await evaluateNextItem(fixedScorer([0, 0, 1, 5, 5, 5]), oneUser, {
    stage: 'valid',
    seed: 7,
    negatives: 4,
    k: 5,
  });
  close(above.sampled.hr, 1);
  close(above.sampled.ndcg, ndcg(4));
  // A constant scorer: every competitor ties → rank = negatives / 2 sampled, (6 − 2 − 1) / 2 full.
  const flat = await evaluateNextItem(fixedScorer([3, 3, 3, 3, 3, 3]), oneUser, {
    stage: 'valid',
    seed: 7,
    negatives: 100,
  });
  assert.equal(flat.sampled.hr, 0);
  close(flat.full.ndcg, ndcg(1.5));
});

/** n users with random histories over `items`, and a scorer whose row is a fixed random function of the history. */
function randomCase(users: number, items: number, seed: number) {
  const rng = new Rng(seed);
  const train = Array.from({ length: users }, () => i32(Array.from({ length: 1 + rng.int(8) }, () => rng.int(items))));
  const split: LeaveOneOutSplit = {
    numUsers: users,
    numItems: items,
    train,
    valid: i32(train.map(() => rng.int(items))),
    test: i32(train.map(() => rng.int(items))),
  };
  // Scores rounded to 1/8 so ties occur.
  const rows = new Map<string, Float32Array>();
  const rowOf = (h: Int32Array) => {
    const key = h.join(',');
    if (!rows.has(key))
      rows.set(
        key,
        Float32Array.from({ length: items }, () => Math.round(8 * rng.next()) / 8),
      );
    return rows.get(key)!;
  };
  train.forEach(rowOf);
  const scorer: NextItemScorer = {
    scoreAll: (hs) => {
      const out = new Float32Array(hs.length * items);
      hs.forEach((h, r) => out.set(rowOf(h), r * items));
      return out;
    },
  };
  return { split, scorer, rowOf };
}

test('one seed gives the same numbers at any batch size; another seed moves only the sampled metric', async () => {
  const { split, scorer } = randomCase(300, 40, 3);
  const a = await evaluateNextItem(scorer, split, { stage: 'test', seed: 11, batchSize: 256 });
  const b = await evaluateNextItem(scorer, split, { stage: 'test', seed: 11, batchSize: 7 });
  assert.deepEqual(a, b);
  const c = await evaluateNextItem(scorer, split, { stage: 'test', seed: 12, batchSize: 7 });
  assert.deepEqual(c.full, a.full);
  assert.notEqual(c.sampled.ndcg, a.sampled.ndcg);
});

test('sampled with one negative at K = 1 estimates the share of competitors the target beats (within 3 s.e.)', async () => {
  const { split, scorer, rowOf } = randomCase(3000, 40, 5);
  const m = await evaluateNextItem(scorer, split, { stage: 'valid', seed: 2, negatives: 1, k: 1 });
  // A tie ranks the target at 0.5 < 1, so HR@1 = P(negative not above), the negative uniform over the
  // non-training items other than the target.
  let expected = 0;
  split.train.forEach((t, u) => {
    const row = rowOf(t),
      target = split.valid[u],
      excluded = new Set(t);
    let wins = 0,
      pool = 0;
    for (let j = 0; j < split.numItems; j++) {
      if (excluded.has(j) || j === target) continue;
      pool++;
      wins += row[j] <= row[target] ? 1 : 0;
    }
    expected += wins / pool / split.numUsers;
  });
  const se = Math.sqrt((expected * (1 - expected)) / split.numUsers);
  assert.ok(Math.abs(m.sampled.hr - expected) < 3 * se, `${m.sampled.hr} vs ${expected} ± ${se}`);
});

test('refuses NaN scores, a wrong score count, bad options and a split without targets', async () => {
  const refuses = (p: Promise<unknown>, field: string) =>
    assert.rejects(p, (e: unknown) => e instanceof PinlabInputError && e.field === field);
  await refuses(evaluateNextItem(fixedScorer([0, 0, NaN, 0, 0, 0]), SPLIT, { stage: 'valid', seed: 1 }), 'scores');
  await refuses(evaluateNextItem(fixedScorer([0, 0, 1, 0, 0, NaN]), SPLIT, { stage: 'valid', seed: 1 }), 'scores');
  await refuses(evaluateNextItem(fixedScorer([0, 0, 1]), SPLIT, { stage: 'valid', seed: 1 }), 'scores');
  await refuses(evaluateNextItem(fixedScorer(ROW), SPLIT, { stage: 'valid', seed: 1, k: 0 }), 'k');
  await refuses(evaluateNextItem(fixedScorer(ROW), SPLIT, { stage: 'valid', seed: 1, negatives: 2.5 }), 'negatives');
  await refuses(evaluateNextItem(fixedScorer(ROW), SPLIT, { stage: 'valid', seed: 1, batchSize: -1 }), 'batchSize');
  const none = { ...SPLIT, valid: i32([-1, -1, -1]), test: i32([-1, -1, -1]) };
  await refuses(evaluateNextItem(fixedScorer(ROW), none, { stage: 'test', seed: 1 }), 'split');
  // Every item is a training item or the target: nothing to sample.
  const full: LeaveOneOutSplit = { numUsers: 1, numItems: 2, train: [i32([0])], valid: i32([1]), test: i32([1]) };
  await refuses(evaluateNextItem(fixedScorer([0, 1]), full, { stage: 'valid', seed: 1 }), 'split');
});

test('variants: each one scores as evaluateNextItem alone, on the same draws', async () => {
  const { split, scorer } = randomCase(300, 40, 3);
  const flipped: NextItemScorer = {
    async scoreAll(h) {
      return (await scorer.scoreAll(h)).map((v) => -v);
    },
  };
  const both = await evaluateNextItemVariants(
    async (h) => [await scorer.scoreAll(h), await flipped.scoreAll(h)],
    2,
    split,
    { stage: 'test', seed: 11, batchSize: 7 },
  );
  assert.deepEqual(both, [
    await evaluateNextItem(scorer, split, { stage: 'test', seed: 11 }),
    await evaluateNextItem(flipped, split, { stage: 'test', seed: 11 }),
  ]);
  assert.notDeepEqual(both[0], both[1]);
  await assert.rejects(
    evaluateNextItemVariants(async (h) => [await scorer.scoreAll(h)], 2, split, { stage: 'test', seed: 11 }),
    (e: unknown) =>
      e instanceof PinlabInputError && e.field === 'scores' && /1 score blocks, expected 2/.test(e.message),
  );
});
