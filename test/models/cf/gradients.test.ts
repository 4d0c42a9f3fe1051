import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tinySplit } from '../../support/tiny-split';
import { MfBpr } from '../../../lib/models/cf/mf-bpr';
import { LightGcn } from '../../../lib/models/cf/lightgcn';
import { BprSampler } from '../../../lib/train/bpr-sampler';
import { Rng } from '../../../lib/random/rng';
import { centralDifferences, gradientAgreement } from '../../support/finite-differences';

// 4 users × 6 items.
const split = tinySplit();

test('MF-BPR SGD step equals −lr × the finite-difference gradient of the triple loss', () => {
  const lr = 1e-3;
  const mf = new MfBpr(split, new Rng(1), { dim: 5, lr, l2: 0.01, initStd: 0.5 });
  const [u, i, j] = [2, 4, 1];
  const params = [mf.user, mf.item];
  const before = params.map((p) => Float64Array.from(p));
  // Finite differences in float64 arithmetic over float32 storage: step of 1e-2 keeps the rounding small.
  const h = 1e-2;
  const fd = params.map((p) => centralDifferences(p, h, () => mf.tripleLoss(u, i, j)));
  mf.step(u, i, j);
  let touched = 0;
  params.forEach((p, a) => {
    for (let k = 0; k < p.length; k++) {
      const implied = (before[a][k] - p[k]) / lr;
      assert.ok(
        Math.abs(implied - fd[a][k]) < 2e-3 + 1e-2 * Math.abs(fd[a][k]),
        `param ${a}[${k}]: ${implied} vs ${fd[a][k]}`,
      );
      if (fd[a][k] !== 0) touched++;
    }
  });
  assert.equal(touched, 3 * 5); // p_u, q_i, q_j only
});

test('LightGCN backward (propagated G + ego L2) matches central finite differences', () => {
  const m = new LightGcn(split, new Rng(2), { dim: 3, layers: 3, l2: 0.05 });
  // Larger initial values make the BPR terms non-trivial.
  for (let k = 0; k < m.ego.length; k++) m.ego[k] *= 8;
  const users = Int32Array.from([0, 2, 1]),
    pos = Int32Array.from([1, 5, 3]),
    neg = Int32Array.from([4, 3, 0]);
  const grad = m.gradient(users, pos, neg);
  const h = 1e-2;
  const fd = centralDifferences(m.ego, h, () => m.loss(users, pos, neg));
  const { maxErr, maxG } = gradientAgreement(fd, grad);
  assert.ok(maxG > 0.01, `gradient too small to test: ${maxG}`);
  assert.ok(maxErr < 2e-3 * Math.max(1, maxG), `max error ${maxErr} (max |grad| ${maxG})`);
});

test('BPR sampler: each training pair once per epoch, negatives never positives, seeded', () => {
  const s = new BprSampler(split.train, split.numItems);
  s.epoch(new Rng(4));
  const pairs = Array.from(s.users, (u, t) => `${u}:${s.pos[t]}`).sort();
  const want: string[] = [];
  for (let u = 0; u < split.numUsers; u++)
    for (let j = split.train.offsets[u]; j < split.train.offsets[u + 1]; j++) want.push(`${u}:${split.train.ids[j]}`);
  assert.deepEqual(pairs, want.sort());
  s.neg.forEach((j, t) => assert.ok(!s.isPositive(s.users[t], j)));
  const first = Int32Array.from(s.neg);
  s.epoch(new Rng(4));
  assert.deepEqual(s.neg, first);
});

test("BPR sampler 'users': users uniform (never one without items), positives uniform within the user, seeded", () => {
  // User 1 has no training items; user 0 has 1, user 2 has 4, user 3 has 2: 7 triples an epoch.
  const train = { offsets: Int32Array.from([0, 1, 1, 5, 7]), ids: Int32Array.from([3, 0, 1, 2, 5, 4, 6]) };
  const s = new BprSampler(train, 8, 'users');
  const perUser = new Float64Array(4);
  const perPair = new Map<string, number>();
  const epochs = 6000;
  for (let e = 0; e < epochs; e++) {
    s.epoch(new Rng(9).fork(`epoch-${e}`));
    s.users.forEach((u, t) => {
      perUser[u]++;
      const key = `${u}:${s.pos[t]}`;
      perPair.set(key, (perPair.get(key) ?? 0) + 1);
      assert.ok(s.isPositive(u, s.pos[t]) && !s.isPositive(u, s.neg[t]));
    });
  }
  const draws = 7 * epochs;
  assert.equal(perUser[1], 0);
  // Each active user a third of the draws (binomial sd ≈ 0.003 of the draws); interaction-uniform would give 1/7, 4/7, 2/7.
  for (const u of [0, 2, 3])
    assert.ok(Math.abs(perUser[u] / draws - 1 / 3) < 0.015, `user ${u}: ${perUser[u] / draws}`);
  for (const [key, n] of perPair) {
    const u = Number(key.split(':')[0]);
    const items = train.offsets[u + 1] - train.offsets[u];
    assert.ok(Math.abs(n / perUser[u] - 1 / items) < 0.03, `${key}: ${n / perUser[u]}`);
  }
  assert.equal(perPair.size, 7);
  const a = new BprSampler(train, 8, 'users');
  a.epoch(new Rng(3));
  const first = [Int32Array.from(a.users), Int32Array.from(a.pos), Int32Array.from(a.neg)];
  a.epoch(new Rng(3));
  assert.deepEqual([a.users, a.pos, a.neg], first);
  assert.throws(() => new BprSampler(train, 8, 'pairs' as never), /draw/);
});
