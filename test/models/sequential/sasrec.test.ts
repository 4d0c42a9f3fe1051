import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sasrec, type SasrecOptions } from '../../../lib/models/sequential/sasrec';
import { OFFICIAL_SASREC_ENCODER } from '../../../lib/nn/transformer-encoder';
import { historyTokens, makeBatch, sasrecBatches } from '../../../lib/models/sequential/sasrec-batches';
import { Rng } from '../../../lib/random/rng';
import { chooseBackend } from '../../../lib/tf/backend';
import { fit } from '../../../lib/train/fit';

before(async () => {
  await chooseBackend({ log: () => {} });
});

const ITEMS = 20;

/** Users walking the cycle i → i + 1 (mod 20) from random starts: the next item is a function of the last. */
function cycles(users: number, seed: number): Int32Array[] {
  const rng = new Rng(seed);
  return Array.from({ length: users }, () => {
    const start = rng.int(ITEMS);
    return Int32Array.from({ length: 4 + rng.int(9) }, (_, j) => (start + j) % ITEMS);
  });
}

const small = (loss: SasrecOptions['loss']): SasrecOptions => ({
  numItems: ITEMS,
  loss,
  maxLen: 8,
  dModel: 16,
  dropout: 0.1,
  batch: 16,
  lr: 0.01,
  negatives: 8,
});

test('a batch: right-aligned inputs at the batch length, every next item a target (hand-checked)', () => {
  const seqs = [Int32Array.from([4, 7, 1]), Int32Array.from([2, 9, 3, 5, 6])];
  const b = makeBatch(seqs, [0, 1], 3); // user 1 is cut to its last 3 inputs
  assert.equal(b.length, 3);
  assert.deepEqual(Array.from(b.tokens), [0, 5, 8, 10, 4, 6]);
  assert.deepEqual(Array.from(b.positions), [1, 2, 3, 4, 5]);
  assert.deepEqual(Array.from(b.targets), [7, 1, 3, 5, 6]);
  assert.deepEqual(Array.from(b.users), [0, 0, 1, 1, 1]);
  assert.deepEqual(Array.from(historyTokens([Int32Array.from([3]), new Int32Array(0)], 4).tokens), [4, 0]);
  // Every user with a next item is in exactly one batch of an epoch.
  const users = sasrecBatches(cycles(50, 1), 8, 16, new Rng(2)).flatMap((x) => Array.from(new Set(x.users)));
  assert.equal(new Set(users).size, 50);
  assert.equal(users.length, 50);
});

for (const loss of ['bce', 'sampled-softmax', 'full-softmax'] as const) {
  test(`${loss}: learns a next-item rule (top-1 on held-out cycles)`, async () => {
    const model = new Sasrec(cycles(120, 3), small(loss), 4);
    const before = top1(model);
    await fit(model, { seed: 5, maxEpochs: 25 });
    const after = top1(model);
    assert.ok(after >= 0.8, `top-1 ${after} (untrained ${before})`);
    model.dispose();
  });
}

test("the official code's encoder (BCE, dense Adam) learns the rule too,", async () => {
  const opts = { ...small('bce'), encoder: OFFICIAL_SASREC_ENCODER, lazyEmbedding: false };
  const model = new Sasrec(cycles(120, 3), opts, 4);
  assert.equal(model.encoder.config.block, 'sasrec');
  assert.equal(model.encoder.config.scaleEmbedding, true);
  await fit(model, { seed: 5, maxEpochs: 25 });
  const after = top1(model);
  assert.ok(after >= 0.8, `top-1 ${after}`);
  model.dispose();
});

/**
 * Share of held-out cycle histories whose top-scored item outside the history (as full-ranking
 * evaluation ranks) is the cycle's next. BCE never draws a user's own items as negatives, so it is free
 * to score them high.
 */
function top1(model: Sasrec): number {
  const histories = cycles(40, 99);
  const scores = model.scoreAll(histories);
  let hits = 0;
  histories.forEach((h, b) => {
    const row = scores.subarray(b * ITEMS, (b + 1) * ITEMS).map((s, i) => (h.includes(i) ? -Infinity : s));
    const best = row.indexOf(Math.max(...row));
    if (best === (h[h.length - 1] + 1) % ITEMS) hits++;
  });
  return hits / histories.length;
}

test('scoring reads only the last maxLen items', () => {
  const model = new Sasrec(cycles(10, 6), small('sampled-softmax'), 7);
  const long = Int32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  const a = model.scoreAll([long]);
  const b = model.scoreAll([long.subarray(3)]);
  assert.deepEqual(Array.from(a), Array.from(b));
  model.dispose();
});

test('a checkpoint resumes exactly: 1 + 1 epochs equal 2 epochs straight (weights and Adam state)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sasrec-'));
  const file = join(dir, 'ck.json');
  try {
    const seqs = cycles(60, 8);
    const straight = new Sasrec(seqs, small('sampled-softmax'), 9);
    await fit(straight, { seed: 10, maxEpochs: 2 });
    const first = new Sasrec(seqs, small('sampled-softmax'), 9);
    await fit(first, { seed: 10, maxEpochs: 1, checkpointFile: file });
    first.dispose();
    const resumed = new Sasrec(seqs, small('sampled-softmax'), 9);
    const run = await fit(resumed, { seed: 10, maxEpochs: 2, checkpointFile: file });
    assert.equal(run.epochs, 2);
    const a = straight.state();
    const b = resumed.state();
    assert.deepEqual(Object.keys(b), Object.keys(a));
    for (const k of Object.keys(a)) assert.deepEqual(Array.from(b[k]), Array.from(a[k]), k);
    straight.dispose();
    resumed.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad input: a PinlabInputError naming the field', () => {
  assert.throws(() => new Sasrec([Int32Array.from([0, 20])], small('bce'), 1), /sequences/);
  assert.throws(() => new Sasrec([], { ...small('bce'), loss: 'hinge' as never }, 1), /loss/);
  assert.throws(() => new Sasrec([], { ...small('bce'), negatives: 0 }, 1), /negatives/);
});
