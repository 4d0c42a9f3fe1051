import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitFromText } from '../../../../lib/data/datasets/gowalla';
import { PinSage } from '../../../../lib/models/cf/pinsage/model';
import { chooseBackend } from '../../../../lib/tf/backend';
import { Rng } from '../../../../lib/random/rng';
import { withThreads } from '../../../support/threads';

// 600 users × 900 items, ~8 items each: enough rows for the pooling spmm and Adam to go to the pool.
const rng = new Rng(5);
const lines: string[] = [];
for (let u = 0; u < 599; u++)
  lines.push([u, ...new Set(Array.from({ length: 2 + rng.int(14) }, () => rng.int(900)))].join(' '));
const split = splitFromText(`${lines.join('\n')}\n599 899\n`, '0 1\n');

test('PinSage: one seed gives the same epochs bit for bit at 1, 2 and 3 threads', async () => {
  await chooseBackend({ log: () => {} });
  const train = (t: number) =>
    withThreads(t, () => {
      const features = new Float32Array((split.numUsers + split.numItems) * 16);
      for (let k = 0; k < features.length; k++) features[k] = Math.sin(k);
      // Learnable inputs and the pooled skip: every spmm of the model runs.
      const m = new PinSage(split, new Rng(7), {
        dim: 16,
        T: 5,
        batchSize: 1024,
        sharedNegatives: 50,
        maxHard: 2,
        hardBand: [5, 50],
        walkSteps: 100,
        features,
        featureDim: 16,
        trainFeatures: true,
        pooledSkip: [1, 0],
      });
      const losses = [m.trainEpoch(new Rng(8)), m.trainEpoch(new Rng(9))];
      return { losses, params: Float32Array.from(m.params), m: Float32Array.from(m.adam.m) };
    });
  const one = train(1);
  assert.ok(one.losses.every((l) => Number.isFinite(l) && l > 0));
  for (const t of [2, 3]) assert.deepEqual(train(t), one);
});
