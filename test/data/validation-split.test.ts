import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitFromText } from '../../lib/data/datasets/gowalla';
import { holdOutValidation } from '../../lib/data/validation-split';
import { PinlabInputError } from '../../lib/errors';
import { Rng } from '../../lib/random/rng';

const split = splitFromText('0 0 1 2 3 4 5 6 7 8 9\n1 1 3\n2 4\n3 2 6 7 8\n', '0 11\n1 5\n2 1\n3 4\n');
const rows = (r: { offsets: Int32Array; ids: Int32Array }, u: number) =>
  Array.from(r.ids.subarray(r.offsets[u], r.offsets[u + 1]));

test('holdOutValidation: per user, round(share × n) items held out, at least one kept, the rest unchanged', () => {
  const { train, validation } = holdOutValidation(split, 0.3, new Rng(1));
  // n = 10, 2, 1, 4 → held 3, 1 (round 0.6), 0 (keeps its only item), 1 (round 1.2).
  assert.deepEqual(
    [0, 1, 2, 3].map((u) => rows(validation.test, u).length),
    [3, 1, 0, 1],
  );
  for (let u = 0; u < 4; u++) {
    const kept = rows(train.train, u),
      held = rows(validation.test, u);
    assert.ok(kept.length >= 1);
    assert.deepEqual(
      [...kept, ...held].sort((a, b) => a - b),
      rows(split.train, u).sort((a, b) => a - b),
      `user ${u}: a partition of the training items`,
    );
    assert.deepEqual(rows(validation.train, u), kept, 'validation ranks outside the pairs trained on');
  }
  assert.equal(train.test, split.test);
  assert.deepEqual([train.numUsers, train.numItems, validation.numItems], [4, 12, 12]);
  assert.deepEqual(holdOutValidation(split, 0.3, new Rng(1)), { train, validation }, 'seeded');
  assert.notDeepEqual(rows(holdOutValidation(split, 0.3, new Rng(2)).validation.test, 0), rows(validation.test, 0));
});

test('holdOutValidation: the held-out items of a user are a uniform sample', () => {
  const counts = new Array(10).fill(0);
  for (let s = 0; s < 2000; s++)
    for (const i of rows(holdOutValidation(split, 0.1, new Rng(s)).validation.test, 0)) counts[i]++;
  // 2000 draws of one of 10 items: 200 each, binomial sd ≈ 13.
  for (const c of counts) assert.ok(Math.abs(c - 200) < 60, `counts ${counts}`);
});

test('holdOutValidation rejects a share outside [0, 1), naming it', () => {
  assert.throws(
    () => holdOutValidation(split, 1, new Rng(1)),
    (e: unknown) => e instanceof PinlabInputError && /share/.test(String(e)),
  );
  assert.throws(() => holdOutValidation(split, -0.1, new Rng(1)), /share/);
  assert.throws(() => holdOutValidation(split, Number.NaN, new Rng(1)), /share/);
});
