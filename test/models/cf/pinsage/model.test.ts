import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitFromText } from '../../../../lib/data/datasets/gowalla';
import { PinSage } from '../../../../lib/models/cf/pinsage/model';
import { chooseBackend } from '../../../../lib/tf/backend';
import { Rng } from '../../../../lib/random/rng';
import { centralDifferences } from '../../../support/finite-differences';

// 5 users × 7 items.
const split = splitFromText('0 0 1 2\n1 1 3 4\n2 4 5 0\n3 2 6\n4 3 5 6 1\n', '0 3\n1 5\n2 1\n3 4\n4 0\n');

async function checkGradient(
  options: {
    features?: Float32Array;
    trainFeatures?: boolean;
    pooledSkip?: readonly [number, number];
    margin?: number;
  } = {},
) {
  await chooseBackend({ log: () => {} });
  const m = new PinSage(split, new Rng(3), {
    dim: 4,
    T: 3,
    layers: 2,
    sharedNegatives: 3,
    margin: 0.5,
    maxHard: 2,
    hardBand: [0, 4],
    walkSteps: 500,
    featureDim: 4,
    ...options,
  });
  if (!options.features) for (let k = 0; k < m.h0.length; k++) m.h0[k] *= 10; // away from the ReLU kinks at zero
  // The skip's G2 (and the pooled skip's β) start at 0, where other gradients vanish: move them off zero to test every path.
  for (let k = 0; k < m.params.length; k++) if (m.params[k] === 0) m.params[k] = 0.3 * Math.sin(k);
  // Pairs whose items the users do not pool (the loss skips the others).
  m.setPairs(Int32Array.from([0, 2, 4]), Int32Array.from([0, 2, 4].map((u) => unpooledItem(m, u, [6, 0, 4]))));
  const shared = Int32Array.from([6, 0, 4]);
  const f = () => m.lossAndGradient(0, 3, shared, 2, new Rng(9));
  f();
  const grad = Float32Array.from(m.grads);
  const h = 1e-3;
  const errs: number[] = [];
  let maxG = 0;
  centralDifferences(m.params, h, f).forEach((d, k) => {
    // lossAndGradient returns the loss summed over the 3 pairs; the gradient is of the mean.
    const fd = d / 3;
    errs.push(Math.abs(fd - grad[k]));
    maxG = Math.max(maxG, Math.abs(fd));
  });
  errs.sort((a, b) => a - b);
  assert.ok(maxG > 1e-2, `gradient too small to test: ${maxG}`);
  // Float32 forward passes and hinge/ReLU kinks: nearly all coordinates match tightly.
  assert.ok(
    errs[Math.floor(0.95 * errs.length)] < 2e-3 * maxG + 1e-4,
    `95th percentile error ${errs[Math.floor(0.95 * errs.length)]} (max |g| ${maxG})`,
  );
}

const features4 = () => {
  const g = new Rng(8);
  return Float32Array.from({ length: 12 * 4 }, () => 3 * g.normal());
};

// The pieces (convolution, head, losses) have their own gradient checks; these check their composition.
test('PinSage gradient (learnable ids, 2 convolutions, head, input skip, shared + hard negatives) matches finite differences', () =>
  checkGradient());

test('PinSage gradient with fine-tuned input features and the pooled skip z = h⁰ + β n⁰ + head', async () => {
  const features = features4();
  // A wide margin keeps hinge terms active at these input scales.
  await checkGradient({ features, trainFeatures: true, pooledSkip: [0.3, -0.2], margin: 40 });
  const m = new PinSage(split, new Rng(3), {
    dim: 4,
    T: 3,
    sharedNegatives: 3,
    features,
    featureDim: 4,
    trainFeatures: true,
    walkSteps: 50,
  });
  assert.deepEqual(m.h0, features);
  assert.notEqual(m.h0, features); // a copy inside the parameters, not the caller's array
});

test('PinSage gradient with fixed input features', () => checkGradient({ features: features4(), margin: 40 }));

/** An item `u` does not pool and that is not in `avoid`: a pair the loss does not skip. */
function unpooledItem(m: PinSage, u: number, avoid: number[]): number {
  const T = m.neighbours.T;
  const pooled = (i: number) =>
    Array.from(m.neighbours.nodes.subarray(u * T, u * T + T)).some(
      (w, t) => w === 5 + i && m.neighbours.weights[u * T + t] > 0,
    );
  return [0, 1, 2, 3, 4, 5, 6].find((i) => !pooled(i) && !avoid.includes(i))!;
}

test("PinSage: a shared negative among the user's training items adds no loss and no gradient", async () => {
  await chooseBackend({ log: () => {} });
  const m = new PinSage(split, new Rng(3), {
    dim: 4,
    T: 1,
    sharedNegatives: 2,
    walkSteps: 50,
    maxHard: 0,
    margin: 100,
  });
  // Items 0 and 2 are user 0's; items 3 and 6 are user 4's: every shared negative is a false one.
  m.setPairs(
    Int32Array.from([0, 4]),
    Int32Array.from([unpooledItem(m, 0, [0, 2, 3, 6]), unpooledItem(m, 4, [0, 2, 3, 6])]),
  );
  assert.equal(m.lossAndGradient(0, 1, Int32Array.from([0, 2]), 0, new Rng(9)), 0);
  assert.ok(m.grads.every((x) => x === 0));
  assert.equal(m.lossAndGradient(1, 2, Int32Array.from([3, 6]), 0, new Rng(9)), 0);
  // The same negatives count for the other user (margin 100: every hinge term is active).
  assert.ok(m.lossAndGradient(0, 1, Int32Array.from([3, 6]), 0, new Rng(9)) > 0);
  assert.ok(m.grads.some((x) => x !== 0));
});

test('PinSage rejects input features of another width than the embeddings, and a non-finite pooled skip, naming the option', () => {
  assert.throws(
    () =>
      new PinSage(split, new Rng(3), {
        dim: 4,
        T: 3,
        sharedNegatives: 2,
        walkSteps: 50,
        features: new Float32Array(12 * 5),
        featureDim: 5,
      }),
    /featureDim/,
  );
  assert.throws(
    () => new PinSage(split, new Rng(3), { dim: 4, T: 3, sharedNegatives: 2, walkSteps: 50, pooledSkip: [0.3, NaN] }),
    /pooledSkip\[1\]/,
  );
});

test('PinSage inputLr: fine-tuned input embeddings get their own Adam learning rate (0 freezes them)', async () => {
  await chooseBackend({ log: () => {} });
  const g = new Rng(8);
  const features = Float32Array.from({ length: 12 * 4 }, () => g.normal());
  const m = new PinSage(split, new Rng(3), {
    dim: 4,
    T: 1,
    sharedNegatives: 3,
    features,
    featureDim: 4,
    trainFeatures: true,
    inputLr: 0,
    walkSteps: 50,
    maxHard: 0,
  });
  const before = Float32Array.from(m.params);
  m.trainEpoch(new Rng(4));
  assert.deepEqual(m.h0, features);
  assert.ok(
    m.params.subarray(m.h0.length).some((x, k) => x !== before[m.h0.length + k]),
    'layers must train',
  );
});

test('PinSage leaves out of the loss the pairs whose item the user pools', async () => {
  await chooseBackend({ log: () => {} });
  const m = new PinSage(split, new Rng(3), {
    dim: 4,
    T: 3,
    sharedNegatives: 3,
    walkSteps: 500,
    maxHard: 0,
    margin: 100,
  });
  const pooled = (u: number, i: number) =>
    Array.from(m.neighbours.nodes.subarray(u * 3, u * 3 + 3)).some(
      (w, t) => w === 5 + i && m.neighbours.weights[u * 3 + t] > 0,
    );
  // Most training pairs of this toy graph are pooled (users have ≤ 4 items, T = 3 covers most).
  const pairs: [number, number][] = [];
  for (let u = 0; u < 5; u++)
    for (let j = split.train.offsets[u]; j < split.train.offsets[u + 1]; j++) pairs.push([u, split.train.ids[j]]);
  const only = pairs.filter(([u, i]) => pooled(u, i)).slice(0, 2);
  m.setPairs(Int32Array.from(only.map((p) => p[0])), Int32Array.from(only.map((p) => p[1])));
  const shared = Int32Array.from([6, 0, 4]);
  assert.equal(m.lossAndGradient(0, only.length, shared, 0, new Rng(9)), 0);
  assert.ok(m.grads.every((g) => g === 0));
  // A pair of the same user with an item it does not pool counts (margin 100: every term active).
  const u = only[0][0];
  m.setPairs(Int32Array.from([u]), Int32Array.from([unpooledItem(m, u, [6, 0, 4])]));
  assert.ok(
    m.lossAndGradient(
      0,
      1,
      Int32Array.from([6, 0, 4]).filter((i) => !pairs.some(([v, j]) => v === u && j === i)),
      0,
      new Rng(9),
    ) > 0,
  );
});
