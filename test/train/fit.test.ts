import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { accuracyOrLoss, maximize } from '../../lib/train/early-stopping';
import { fit, fitSync, type Trainable } from '../../lib/train/fit';

/** A model whose state is the sum of its epochs' draws: equal states mean equal random streams. */
function drawing(): Trainable & { sum: Float32Array } {
  const sum = new Float32Array(1);
  return {
    sum,
    trainEpoch: (rng) => (sum[0] += rng.next()),
    state: () => ({ sum }),
    restore: (s) => sum.set(s.sum),
  };
}

test('a run resumed from its checkpoint equals the uninterrupted one (epoch e draws only from seed and e)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-fit-'));
  const file = path.join(dir, 'run.ckpt');
  const straight = drawing();
  const a = fitSync(straight, { seed: 4, maxEpochs: 5 });
  fitSync(drawing(), { seed: 4, maxEpochs: 2, checkpointFile: file });
  const resumed = drawing();
  const b = fitSync(resumed, { seed: 4, maxEpochs: 5, checkpointFile: file });
  assert.equal(b.epochs, 5);
  assert.deepEqual(
    b.history.map((h) => h.loss),
    a.history.map((h) => h.loss),
  );
  assert.deepEqual(resumed.sum, straight.sum);
  assert.notDeepEqual(fitSync(drawing(), { seed: 5, maxEpochs: 5 }).history, a.history);
  fs.rmSync(dir, { recursive: true });
});

test('evaluates every evalEvery epochs and after the last; early stopping keeps the best state, also across a resume', () => {
  const scores = [0.1, 0.5, 0.3, 0.2, 0.9, 0.1, 0.1];
  const evaluate = (e: number) => ({ score: scores[e - 1] });
  const model = drawing();
  const states: number[] = [];
  const r = fitSync(model, {
    seed: 1,
    maxEpochs: 7,
    evaluate,
    earlyStopping: { monitor: maximize((e: { score: number }) => e.score), patience: 2 },
    evalEvery: 1,
    onEpoch: () => states.push(model.sum[0]),
  });
  assert.equal(r.epochs, 4, 'two evaluations without progress after epoch 2');
  assert.equal(r.bestEpoch, 2);
  assert.deepEqual(r.best, { score: 0.5 });
  assert.equal(model.sum[0], states[1], 'ends in the kept state');

  const cadence = fitSync(drawing(), { seed: 1, maxEpochs: 7, evalEvery: 3, evaluate });
  assert.deepEqual(
    cadence.history.filter((h) => h.score !== undefined).map((h) => h.epoch),
    [3, 6, 7],
  );

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-fit-'));
  const file = path.join(dir, 'run.ckpt');
  const opts = (maxEpochs: number) => ({
    seed: 1,
    maxEpochs,
    evalEvery: 1,
    evaluate,
    checkpointFile: file,
    earlyStopping: { monitor: maximize((e: { score: number }) => e.score), patience: 3 },
  });
  fitSync(drawing(), opts(3));
  const c = fitSync(drawing(), { ...opts(7), checkpointFile: undefined });
  const four = drawing();
  assert.equal(fitSync(four, opts(4)).bestEpoch, 2, 'the best epoch before the resume is still the best');
  assert.equal(four.sum[0], Math.fround(c.history[1].loss), 'and its state is restored');
  const resumed = drawing();
  const b = fitSync(resumed, opts(7));
  assert.equal(b.bestEpoch, 5);
  assert.equal(b.epochs, c.epochs);
  assert.equal(resumed.sum[0], Math.fround(c.history[4].loss), 'the kept state of epoch 5');
  fs.rmSync(dir, { recursive: true });
});

test('the time budget counts training only and stops mid-epoch through outOfTime', () => {
  let evaluations = 0;
  const spin: Trainable = {
    trainEpoch: (_rng, ctx) => {
      while (!ctx.outOfTime());
      return ctx.epoch;
    },
  };
  const r = fitSync(spin, { seed: 1, maxEpochs: 10, budgetSeconds: 0.02, evaluate: () => ({ n: ++evaluations }) });
  assert.equal(r.epochs, 1);
  assert.ok(r.trainSeconds > 0.02);
  assert.deepEqual(
    r.history[0],
    { epoch: 1, loss: 1, trainSeconds: r.trainSeconds, n: 1 },
    'the last epoch is evaluated',
  );
});

test('fit awaits asynchronous epochs and lets the event loop turn after each; fitSync refuses them', async () => {
  let turns = 0;
  const asyncModel: Trainable = {
    trainEpoch: async (rng, ctx) => {
      setImmediate(() => turns++);
      return ctx.epoch + rng.next();
    },
  };
  const r = await fit(asyncModel, { seed: 2, maxEpochs: 3 });
  assert.equal(r.epochs, 3);
  assert.equal(turns, 3);
  assert.throws(() => fitSync(asyncModel, { seed: 2, maxEpochs: 3 }), /fit\(\), not fitSync/);
  assert.throws(
    () => fitSync({ trainEpoch: () => 0 }, { seed: 2, maxEpochs: 3, checkpointFile: 'x' }),
    /checkpointFile/,
  );
  assert.throws(() => fitSync(drawing(), { seed: 2, maxEpochs: -1 }), /maxEpochs/);
});

test("accuracyOrLoss is the GAT paper's rule: progress on either best, keep the best accuracy (ties: lower loss)", () => {
  const m = accuracyOrLoss(
    (e: { acc: number; loss: number }) => e.acc,
    (e) => e.loss,
  );
  const seen = [
    { acc: 0.5, loss: 1.0 },
    { acc: 0.5, loss: 0.9 }, // tie on accuracy, lower loss: kept
    { acc: 0.4, loss: 0.8 }, // best loss only: progress, not kept
    { acc: 0.5, loss: 0.85 }, // ties the best accuracy, loss above the best: progress (acc ≥ best), not kept
    { acc: 0.45, loss: 0.95 }, // neither
  ].map((e) => m.observe(e));
  assert.deepEqual(seen, [
    { keep: true, progress: true },
    { keep: true, progress: true },
    { keep: false, progress: true },
    { keep: false, progress: true },
    { keep: false, progress: false },
  ]);
  assert.deepEqual(m.best, [0.5, 0.8]);
});
