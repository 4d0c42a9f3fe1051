import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitFromText } from '../../../lib/data/datasets/gowalla';
import { PinSage } from '../../../lib/models/cf/pinsage';
import { bipartiteCsr, pinsageNeighbourhoods, pprHardNegatives } from '../../../lib/models/cf/pinsage-graph';
import { chooseBackend } from '../../../lib/tf/backend';
import { Rng } from '../../../lib/random/rng';

// 5 users × 7 items.
const split = splitFromText('0 0 1 2\n1 1 3 4\n2 4 5 0\n3 2 6\n4 3 5 6 1\n', '0 3\n1 5\n2 1\n3 4\n4 0\n');

test('bipartite CSR and importance neighbourhoods: items only, weights sum to 1, seeded', () => {
  const csr = bipartiteCsr(split);
  assert.equal(csr.nodeCount, 12);
  assert.deepEqual(Array.from(csr.indices.subarray(csr.indptr[0], csr.indptr[1])), [5, 6, 7]); // user 0 → items 0,1,2
  const a = pinsageNeighbourhoods(split, csr, 3, new Rng(1), { steps: 2000 });
  const b = pinsageNeighbourhoods(split, csr, 3, new Rng(1), { steps: 2000 });
  assert.deepEqual(a, b);
  for (let v = 0; v < 12; v++) {
    let s = 0;
    for (let t = 0; t < 3; t++) {
      if (a.weights[v * 3 + t] > 0) assert.ok(a.nodes[v * 3 + t] >= 5 && a.nodes[v * 3 + t] !== v);
      s += a.weights[v * 3 + t];
    }
    assert.ok(Math.abs(s - 1) < 1e-6, `row ${v} sums to ${s}`);
  }
  // User 3's only items are 2 and 6: with restart 0.5 its walks hit those most.
  assert.deepEqual(Array.from(a.nodes.subarray(9, 11)).sort(), [5 + 2, 5 + 6].sort());
  const hard = pprHardNegatives(split, csr, new Rng(2), { from: 1, to: 4, perUser: 2, steps: 500 });
  for (let u = 0; u < 5; u++) {
    // Every user's walks reach at least 3 of the 7 items outside its own (≤ 4), so both slots of the
    // band [1, 4) are filled: distinct items, none of them the user's training items.
    const found = Array.from(hard.items.subarray(u * 2, u * 2 + 2));
    assert.ok(found.every((it) => it >= 0 && it < 7), `user ${u} hard negatives ${found}`);
    assert.notEqual(found[0], found[1]);
    const own = Array.from(split.train.ids.subarray(split.train.offsets[u], split.train.offsets[u + 1]));
    for (const it of found) assert.ok(!own.includes(it), `user ${u} hard negative ${it} is a training item`);
  }
});

async function checkGradient(options: { features?: Float32Array; trainFeatures?: boolean; normalizeOutput?: boolean; head?: boolean; inputSkip?: boolean; pooledSkip?: readonly [number, number]; skipPooledPositives?: boolean; dim?: number; loss?: 'bpr' } = {}) {
  await chooseBackend({ log: () => {} });
  const m = new PinSage(split, new Rng(3), { dim: 4, T: 3, layers: 2, sharedNegatives: 3, margin: 0.5, maxHard: 2, hardBand: [0, 4], walkSteps: 500, featureDim: 5, ...options });
  if (!options.features) for (let k = 0; k < m.h0.length; k++) m.h0[k] *= 10; // away from the ReLU kinks at zero
  // The skip's G2 (and the pooled skip's β) start at 0, where other gradients vanish: move them off zero to test every path.
  if (options.inputSkip) for (let k = 0; k < m.params.length; k++) if (m.params[k] === 0) m.params[k] = 0.3 * Math.sin(k);
  m.setPairs(Int32Array.from([0, 2, 4]), Int32Array.from([1, 5, 3]));
  const shared = Int32Array.from([6, 0, 4]);
  const f = () => m.lossAndGradient(0, 3, shared, 2, new Rng(9));
  f();
  const grad = Float32Array.from(m.grads);
  const h = 1e-3;
  const errs: number[] = [];
  let maxG = 0;
  for (let k = 0; k < m.params.length; k++) {
    const v = m.params[k];
    m.params[k] = v + h; const lp = f();
    m.params[k] = v - h; const lm = f();
    m.params[k] = v;
    // lossAndGradient returns the loss summed over the 3 pairs; the gradient is of the mean.
    const fd = (lp - lm) / (2 * h) / 3;
    errs.push(Math.abs(fd - grad[k]));
    maxG = Math.max(maxG, Math.abs(fd));
  }
  errs.sort((a, b) => a - b);
  assert.ok(maxG > 1e-2, `gradient too small to test: ${maxG}`);
  // Float32 forward passes and hinge/ReLU kinks: nearly all coordinates match tightly.
  assert.ok(errs[Math.floor(0.95 * errs.length)] < 2e-3 * maxG + 1e-4, `95th percentile error ${errs[Math.floor(0.95 * errs.length)]} (max |g| ${maxG})`);
}

const features5 = () => {
  const g = new Rng(8);
  return Float32Array.from({ length: 12 * 5 }, () => 3 * g.normal());
};

test('PinSage hand-derived gradient matches central finite differences (learnable ids, 2 layers, head, shared + hard negatives)', () => checkGradient());

test('PinSage gradient with fixed 5-d input features (first layer 5 → 4)', () => checkGradient({ features: features5() }));

test('PinSage gradient with fine-tuned 5-d input features (learnable h⁰ initialised from them)', async () => {
  const features = features5();
  await checkGradient({ features, trainFeatures: true });
  const m = new PinSage(split, new Rng(3), { dim: 4, T: 3, sharedNegatives: 3, features, featureDim: 5, trainFeatures: true, walkSteps: 50 });
  assert.deepEqual(m.h0, features);
  assert.notEqual(m.h0, features); // a copy inside the parameters, not the caller's array
});

test('PinSage gradient without the head, unnormalised last convolution (dot-product scores)', () => checkGradient({ head: false, normalizeOutput: false }));

test('PinSage gradient with the head on an unnormalised last convolution', () => checkGradient({ normalizeOutput: false }));

test('PinSage gradient with the input skip z = h⁰ + head (fine-tuned features, dim = featureDim)', () => {
  const g = new Rng(8);
  return checkGradient({ features: Float32Array.from({ length: 12 * 5 }, () => 3 * g.normal()), trainFeatures: true, inputSkip: true, dim: 5 });
});

test('PinSage gradient with the pooled input skip z = h⁰ + β n⁰ + head', () => {
  const g = new Rng(8);
  return checkGradient({ features: Float32Array.from({ length: 12 * 5 }, () => 3 * g.normal()), trainFeatures: true, inputSkip: true, pooledSkip: [0.3, -0.2], dim: 5 });
});

test('PinSage gradient under the BPR loss (softplus), with the input skip', () => {
  const g = new Rng(8);
  return checkGradient({ features: Float32Array.from({ length: 12 * 5 }, () => 3 * g.normal()), trainFeatures: true, inputSkip: true, dim: 5, loss: 'bpr' });
});

test('PinSage: a shared negative among the user\'s training items adds no loss and no gradient, under both losses', async () => {
  await chooseBackend({ log: () => {} });
  for (const loss of ['max-margin', 'bpr'] as const) {
    const m = new PinSage(split, new Rng(3), { dim: 4, T: 3, sharedNegatives: 2, walkSteps: 50, maxHard: 0, margin: 100, loss });
    m.setPairs(Int32Array.from([0, 4]), Int32Array.from([1, 5]));
    // Items 0 and 2 are user 0's; items 3 and 6 are user 4's: every shared negative is a false one.
    assert.equal(m.lossAndGradient(0, 1, Int32Array.from([0, 2]), 0, new Rng(9)), 0, loss);
    assert.ok(m.grads.every((x) => x === 0), loss);
    assert.equal(m.lossAndGradient(1, 2, Int32Array.from([3, 6]), 0, new Rng(9)), 0, loss);
    // The same negatives count for the other user (margin 100: every hinge term is active).
    assert.ok(m.lossAndGradient(0, 1, Int32Array.from([3, 6]), 0, new Rng(9)) > 0, loss);
    assert.ok(m.grads.some((x) => x !== 0), loss);
  }
});

test('PinSage rejects an unknown loss and a pooled skip without the input skip, naming the option', () => {
  assert.throws(() => new PinSage(split, new Rng(3), { dim: 4, T: 3, sharedNegatives: 2, walkSteps: 50, loss: 'hinge' as 'bpr' }), /loss/);
  assert.throws(() => new PinSage(split, new Rng(3), { dim: 4, T: 3, sharedNegatives: 2, walkSteps: 50, pooledSkip: [0.3, -0.2] }), /pooledSkip.*needs inputSkip/);
});

test('PinSage inputLr: fine-tuned input embeddings get their own Adam learning rate (0 freezes them)', async () => {
  await chooseBackend({ log: () => {} });
  const g = new Rng(8);
  const features = Float32Array.from({ length: 12 * 4 }, () => g.normal());
  const m = new PinSage(split, new Rng(3), { dim: 4, T: 3, sharedNegatives: 3, features, featureDim: 4, trainFeatures: true, inputLr: 0, walkSteps: 50, maxHard: 0 });
  const before = Float32Array.from(m.params);
  m.trainEpoch(new Rng(4));
  assert.deepEqual(m.h0, features);
  assert.ok(m.params.subarray(m.h0.length).some((x, k) => x !== before[m.h0.length + k]), 'layers must train');
});

test('PinSage skipPooledPositives: pairs whose item the user pools are left out of the loss', async () => {
  await chooseBackend({ log: () => {} });
  const make = (skip: boolean) => new PinSage(split, new Rng(3), { dim: 4, T: 3, sharedNegatives: 3, walkSteps: 500, maxHard: 0, skipPooledPositives: skip });
  const m = make(true);
  const pooled = (u: number, i: number) => Array.from(m.neighbours.nodes.subarray(u * 3, u * 3 + 3)).some((w, t) => w === 5 + i && m.neighbours.weights[u * 3 + t] > 0);
  // Every training pair of this toy graph is pooled (users have ≤ 4 items, T = 3 covers most).
  const pairs: [number, number][] = [];
  for (let u = 0; u < 5; u++) for (let j = split.train.offsets[u]; j < split.train.offsets[u + 1]; j++) pairs.push([u, split.train.ids[j]]);
  const kept = pairs.filter(([u, i]) => !pooled(u, i));
  const only = pairs.filter(([u, i]) => pooled(u, i)).slice(0, 2);
  m.setPairs(Int32Array.from(only.map((p) => p[0])), Int32Array.from(only.map((p) => p[1])));
  const shared = Int32Array.from([6, 0, 4]);
  assert.equal(m.lossAndGradient(0, only.length, shared, 0, new Rng(9)), 0);
  assert.ok(m.grads.every((g) => g === 0));
  const full = make(false);
  full.setPairs(Int32Array.from(only.map((p) => p[0])), Int32Array.from(only.map((p) => p[1])));
  assert.ok(full.lossAndGradient(0, only.length, shared, 0, new Rng(9)) > 0, 'the same pairs count without the option');
  assert.ok(kept.length < pairs.length);
});
