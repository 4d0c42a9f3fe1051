import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { splitFromText } from '../../../lib/data/datasets/gowalla';
import { LightGcn } from '../../../lib/models/cf/lightgcn';
import { softmaxScatter } from '../../../lib/models/cf/softmax-scatter';
import { sampledSoftmaxLoss } from '../../../lib/losses/in-batch-softmax';
import { PinlabInputError } from '../../../lib/errors';
import { Rng } from '../../../lib/random/rng';
import { chooseBackend } from '../../../lib/tf/backend';
import { centralDifferences, gradientAgreement } from '../../support/finite-differences';
import { withThreads } from '../../support/threads';
import { tinySplit } from '../../support/tiny-split';

before(async () => {
  await chooseBackend({ log: () => {} });
});

// 4 users × 6 items.
const split = tinySplit();

function cosine(E: Float32Array, a: number, b: number, d: number): number {
  let ab = 0,
    aa = 0,
    bb = 0;
  for (let c = 0; c < d; c++) {
    ab += E[a * d + c] * E[b * d + c];
    aa += E[a * d + c] ** 2;
    bb += E[b * d + c] ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

/** The sampled softmax written plainly: mean_b −ln softmax over [positive, unmasked negatives]. */
function referenceLoss(
  E: Float32Array,
  users: Int32Array,
  pos: Int32Array,
  negs: Int32Array,
  off: number,
  d: number,
  tau: number,
) {
  let l = 0;
  for (let b = 0; b < users.length; b++) {
    const z = [cosine(E, users[b], off + pos[b], d) / tau];
    for (const k of negs) if (k !== pos[b]) z.push(cosine(E, users[b], off + k, d) / tau);
    const max = Math.max(...z);
    l += max + Math.log(z.reduce((s, x) => s + Math.exp(x - max), 0)) - z[0];
  }
  return l / users.length;
}

test('softmaxScatter: its loss is sampledSoftmaxLoss on the cosine logits, and its gradient the finite differences', () => {
  const rng = new Rng(5);
  const d = 4,
    off = 3;
  const E = Float32Array.from({ length: (off + 6) * d }, () => rng.normal());
  const users = Int32Array.from([0, 2, 1, 2]),
    pos = Int32Array.from([1, 5, 3, 0]),
    negatives = Int32Array.from([4, 5, 2]); // 5 is row 1's positive: masked there
  const tau = 0.5;
  const G = new Float32Array(E.length);
  const summed = softmaxScatter(E, G, { users, pos, negatives }, 0, 4, off, d, tau);
  const viaShared = tf.tidy(() => {
    const positive = tf.tensor1d(Array.from(users, (u, b) => cosine(E, u, off + pos[b], d) / tau));
    const negative = tf.tensor2d(
      Array.from(users, (u) => Array.from(negatives, (k) => cosine(E, u, off + k, d) / tau)),
    );
    return sampledSoftmaxLoss(positive, negative, pos, negatives).dataSync()[0];
  });
  assert.ok(Math.abs(summed / 4 - viaShared) < 1e-5, `${summed / 4} vs ${viaShared}`);
  assert.ok(Math.abs(summed / 4 - referenceLoss(E, users, pos, negatives, off, d, tau)) < 1e-5);
  const fd = centralDifferences(E, 1e-3, () => referenceLoss(E, users, pos, negatives, off, d, tau));
  const { maxErr, maxG } = gradientAgreement(fd, G);
  assert.ok(maxG > 0.05, 'gradient too small to test');
  assert.ok(maxErr < 2e-3, `max error ${maxErr}`);
});

test('LightGCN with the sampled softmax: backward (propagated G + ego L2 on users and positives) matches finite differences', () => {
  const loss = { kind: 'sampled-softmax', negatives: 2, temperature: 0.5 } as const;
  const l2 = 0.05;
  const m = new LightGcn(split, new Rng(2), { dim: 3, layers: 2, l2, loss, batchSize: 8 });
  for (let k = 0; k < m.ego.length; k++) m.ego[k] *= 8;
  const users = Int32Array.from([0, 2, 1]),
    pos = Int32Array.from([1, 5, 3]),
    neg = Int32Array.from([4, 3, 0]); // the first two are the shared negatives
  const grad = m.gradient(users, pos, neg);
  const d = 3,
    off = split.numUsers;
  const objective = () => {
    let reg = 0;
    for (let b = 0; b < users.length; b++)
      for (let c = 0; c < d; c++) reg += m.ego[users[b] * d + c] ** 2 + m.ego[(off + pos[b]) * d + c] ** 2;
    const E = Float32Array.from(m.embeddings());
    return referenceLoss(E, users, pos, neg.subarray(0, 2), off, d, 0.5) + (l2 / (2 * users.length)) * reg;
  };
  const fd = centralDifferences(m.ego, 1e-2, objective);
  const { maxErr, maxG } = gradientAgreement(fd, grad);
  assert.ok(maxG > 0.01, `gradient too small to test: ${maxG}`);
  assert.ok(maxErr < 2e-3 * Math.max(1, maxG), `max error ${maxErr} (max |grad| ${maxG})`);
});

test('LightGCN with the sampled softmax: same bits at 1 and 2 threads, the loss falls, and it ranks by dot product or cosine', () => {
  const rng = new Rng(3);
  const lines: string[] = [];
  for (let u = 0; u < 600; u++)
    lines.push([u, ...new Set(Array.from({ length: 1 + rng.int(12) }, () => rng.int(900)))].join(' '));
  const big = splitFromText(`${lines.join('\n')}\n600 899\n`, '0 1\n');
  const loss = { kind: 'sampled-softmax', negatives: 64, temperature: 0.2 } as const;
  const train = (t: number) =>
    withThreads(t, () => {
      const lg = new LightGcn(big, new Rng(7), { dim: 8, layers: 2, batchSize: 1024, lr: 0.01, loss });
      const losses = [lg.trainEpoch(new Rng(8)), lg.trainEpoch(new Rng(9))];
      return { losses, ego: Float32Array.from(lg.ego), lg };
    });
  const one = train(1);
  assert.ok(one.losses[1] < one.losses[0], `training lowers the loss: ${one.losses}`);
  const two = train(2);
  assert.deepEqual({ losses: two.losses, ego: two.ego }, { losses: one.losses, ego: one.ego });
  const scores = new Float32Array(big.numItems);
  one.lg.scoreSource().scoreBlock(Int32Array.of(5), scores);
  const E = Float32Array.from(one.lg.embeddings());
  const dot = (a: number, b: number) => E.subarray(a * 8, a * 8 + 8).reduce((s, x, c) => s + x * E[b * 8 + c], 0);
  for (const i of [0, 17, 400]) assert.ok(Math.abs(scores[i] - dot(5, big.numUsers + i)) < 1e-5);
  const byCosine = new LightGcn(big, new Rng(7), { dim: 8, layers: 2, batchSize: 1024, loss, scoring: 'cosine' });
  byCosine.restore(one.lg.state());
  byCosine.scoreSource().scoreBlock(Int32Array.of(5), scores);
  for (const i of [0, 17, 400]) assert.ok(Math.abs(scores[i] - cosine(E, 5, big.numUsers + i, 8)) < 1e-5);
});

test('LightGCN refuses bad sampled-softmax settings, naming the field', () => {
  const bad = (loss: object, field: string) =>
    assert.throws(
      () => new LightGcn(split, new Rng(1), { batchSize: 8, loss: loss as never }),
      (e: unknown) => e instanceof PinlabInputError && e.message.includes(field),
    );
  bad({ kind: 'sampled-softmax', negatives: 9, temperature: 0.1 }, 'loss.negatives');
  bad({ kind: 'sampled-softmax', negatives: 4, temperature: 0 }, 'loss.temperature');
  bad({ kind: 'softmax' }, 'loss');
  assert.throws(
    () => new LightGcn(split, new Rng(1), { scoring: 'cos' as never }),
    (e: unknown) => e instanceof PinlabInputError && e.message.includes('scoring'),
  );
  const ssm = new LightGcn(split, new Rng(1), {
    batchSize: 8,
    loss: { kind: 'sampled-softmax', negatives: 2, temperature: 0.1 },
  });
  const one = Int32Array.of(0);
  assert.throws(() => ssm.loss(one, one, one), /loss\(\) evaluates BPR/);
});
