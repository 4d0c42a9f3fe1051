import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { splitFromText } from '../../lib/data/datasets/gowalla';
import { type ImplicitSplit } from '../../lib/data/types';
import { holdOutValidation } from '../../lib/data/validation-split';
import { loadCheckpoint } from '../../lib/io/checkpoint';
import { MfBpr } from '../../lib/models/cf/mf-bpr';
import type { Recommender } from '../../lib/train/recommender';
import { loadKeptState } from '../../lib/train/fit';
import { trainRecommender } from '../../lib/train/train-recommender';
import { Rng } from '../../lib/random/rng';

const split = splitFromText('0 0 1 2\n1 1 3\n2 4 5 0\n3 2 6\n4 3 5 6 1\n', '0 3\n1 5\n2 1\n3 4\n4 0\n');

test('a run interrupted after 2 epochs and resumed from its checkpoint equals the uninterrupted run', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-ckpt-'));
  const file = path.join(dir, 'mf.ckpt');
  const straight = new MfBpr(split, new Rng(1), { dim: 4 });
  const a = trainRecommender(straight, split, { seed: 5, maxEpochs: 4, evalEvery: 2, ks: [2] });

  trainRecommender(new MfBpr(split, new Rng(1), { dim: 4 }), split, {
    seed: 5,
    maxEpochs: 2,
    evalEvery: 2,
    ks: [2],
    checkpointFile: file,
  });
  assert.equal(loadCheckpoint(file)?.meta.epoch, 2);
  // A fresh process would rebuild the model from scratch (different init seed) and restore it.
  const resumed = new MfBpr(split, new Rng(99), { dim: 4 });
  const b = trainRecommender(resumed, split, { seed: 5, maxEpochs: 4, evalEvery: 2, ks: [2], checkpointFile: file });

  assert.deepEqual(resumed.user, straight.user);
  assert.deepEqual(resumed.item, straight.item);
  assert.equal(b.epochs, 4);
  assert.deepEqual(
    b.curve.map((p) => p.loss),
    a.curve.map((p) => p.loss),
  );
  assert.deepEqual(b.final, a.final);
  fs.rmSync(dir, { recursive: true });
});

/**
 * A stand-in model whose state is its epoch counter: at epoch `goodAt` it ranks each user's
 * validation items first, at every other epoch last, so validation recall peaks exactly there.
 */
class Scripted implements Recommender {
  readonly name = 'scripted';
  readonly epoch = new Float32Array(1);
  constructor(
    private readonly goodAt: number,
    private readonly val: ImplicitSplit,
  ) {}
  trainEpoch(): number {
    return 1 / ++this.epoch[0];
  }
  scoreSource() {
    const { numUsers, numItems, test } = this.val,
      sign = this.epoch[0] === this.goodAt ? 1 : -1;
    return {
      numUsers,
      numItems,
      scoreBlock: (users: Int32Array, out: Float32Array) => {
        out.fill(0);
        users.forEach((u, r) => {
          for (let j = test.offsets[u]; j < test.offsets[u + 1]; j++) out[r * numItems + test.ids[j]] = sign;
        });
      },
    };
  }
  state() {
    return { epoch: this.epoch };
  }
  restore(s: Record<string, Float32Array>): void {
    this.epoch.set(s.epoch);
  }
}

test('validation early stopping: stops after `patience` worse evaluations, ends in the best state, reports its test metrics', () => {
  const { train, validation } = holdOutValidation(split, 0.4, new Rng(3));
  const model = new Scripted(2, validation);
  const r = trainRecommender(model, train, {
    seed: 1,
    maxEpochs: 20,
    evalEvery: 1,
    ks: [2],
    validation: { split: validation, k: 2, patience: 3 },
  });
  assert.equal(r.bestEpoch, 2);
  assert.equal(r.epochs, 5, 'epochs 3, 4, 5 were worse');
  assert.equal(model.epoch[0], 2, 'restored to the best state');
  assert.deepEqual(
    r.curve.map((p) => p.validation),
    [0, 1, 0, 0, 0],
  );
  assert.deepEqual(r.final, r.curve[1].summary);
  // Without patience it trains to the cap and still ends at the best epoch.
  const capped = trainRecommender(new Scripted(2, validation), train, {
    seed: 1,
    maxEpochs: 6,
    evalEvery: 2,
    ks: [2],
    validation: { split: validation, k: 2 },
  });
  assert.deepEqual([capped.epochs, capped.bestEpoch], [6, 2]);
});

test('validation early stopping resumes from a checkpoint with its best state', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-ckpt-'));
  const file = path.join(dir, 's.ckpt');
  const { train, validation } = holdOutValidation(split, 0.4, new Rng(3));
  const opts = {
    seed: 1,
    evalEvery: 1,
    ks: [2],
    checkpointFile: file,
    validation: { split: validation, k: 2, patience: 3 },
  };
  trainRecommender(new Scripted(2, validation), train, { ...opts, maxEpochs: 3 });
  const resumed = new Scripted(2, validation);
  const r = trainRecommender(resumed, train, { ...opts, maxEpochs: 20 });
  assert.deepEqual([r.epochs, r.bestEpoch, resumed.epoch[0]], [5, 2, 2]);
  // Its checkpoint keeps the last state for resuming; what builds on the model reads the kept one.
  assert.deepEqual(Array.from(loadCheckpoint(file)!.arrays.epoch), [5]);
  assert.deepEqual(Array.from(loadKeptState(file)!.epoch), [2]);
  assert.equal(loadKeptState(path.join(dir, 'none.ckpt')), null);
  fs.rmSync(dir, { recursive: true });
});

test('validation options are checked, naming the field', () => {
  const other = splitFromText('0 0\n', '0 1\n');
  assert.throws(
    () =>
      trainRecommender(new MfBpr(split, new Rng(1), { dim: 4 }), split, {
        seed: 1,
        maxEpochs: 1,
        validation: { split: other },
      }),
    /validation\.split/,
  );
  assert.throws(
    () =>
      trainRecommender(new MfBpr(split, new Rng(1), { dim: 4 }), split, {
        seed: 1,
        maxEpochs: 1,
        validation: { split, patience: 0 },
      }),
    /validation\.patience/,
  );
});
