import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cosineDecay } from '../../lib/train/lr-schedule';
import { tinySplit } from '../support/tiny-split';
import { LightGcn } from '../../lib/models/cf/lightgcn';
import { Rng } from '../../lib/random/rng';

test('cosineDecay: lr at step 0, half at T/2, 0 from T on, monotone; bad arguments named', () => {
  assert.equal(cosineDecay(0.01, 0, 10), 0.01);
  assert.ok(Math.abs(cosineDecay(0.01, 5, 10) - 0.005) < 1e-15);
  assert.ok(Math.abs(cosineDecay(0.01, 2, 8) - 0.01 * 0.5 * (1 + Math.SQRT1_2)) < 1e-15);
  assert.equal(cosineDecay(0.01, 10, 10), 0);
  assert.equal(cosineDecay(0.01, 25, 10), 0);
  for (let t = 1; t <= 10; t++) assert.ok(cosineDecay(1, t, 10) < cosineDecay(1, t - 1, 10));
  assert.throws(() => cosineDecay(0.01, 1, 0), /totalSteps/);
  assert.throws(() => cosineDecay(0.01, -1, 5), /step/);
  assert.throws(() => cosineDecay(-1, 1, 5), /lr/);
});

// 4 users × 6 items, 9 training pairs: batch 4 gives 3 steps an epoch.
const split = tinySplit();

test('LightGCN decayEpochs: each step at the cosine rate of the steps before it, frozen after decayEpochs epochs', () => {
  const make = (decayEpochs?: number) =>
    new LightGcn(split, new Rng(5), { dim: 4, layers: 2, batchSize: 4, lr: 0.05, decayEpochs });
  const decayed = make(2);
  const constant = make();
  const rates: number[] = [];
  for (let e = 1; e <= 2; e++) {
    const before = decayed.adam.t;
    decayed.trainEpoch(new Rng(7).fork(`epoch-${e}`));
    constant.trainEpoch(new Rng(7).fork(`epoch-${e}`));
    assert.equal(decayed.adam.t - before, 3);
    rates.push(decayed.adam.lr);
  }
  // The last step of epoch 1 is step 2 of T = 6; of epoch 2, step 5.
  assert.deepEqual(rates, [cosineDecay(0.05, 2, 6), cosineDecay(0.05, 5, 6)]);
  assert.equal(constant.adam.lr, 0.05);
  assert.notDeepEqual(decayed.ego, constant.ego);
  const frozen = Float32Array.from(decayed.ego);
  decayed.trainEpoch(new Rng(7).fork('epoch-3'));
  assert.equal(decayed.adam.lr, 0);
  assert.deepEqual(decayed.ego, frozen);
  assert.throws(() => make(0), /decayEpochs/);
});
