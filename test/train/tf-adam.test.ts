import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { Adam } from '../../lib/train/adam';
import { TfAdam } from '../../lib/train/tf-adam';
import { chooseBackend } from '../../lib/tf/backend';

before(async () => {
  await chooseBackend({ log: () => {} });
});

const start = Float32Array.from([0.5, -1, 2, 0.25, -0.75, 1.5]); // a 3 × 2 table
const target = Float32Array.from([1, 1, -1, 0, 2, -2]);

/** ½ Σ_k ‖x[rows_k] − target[targetRows_k]‖² over a [3, 2] table (all rows when null). */
function loss(x: tf.Tensor2D, rows: number[] | null, targetRows = rows): tf.Scalar {
  const t = tf.tensor2d(target, [3, 2]);
  const diff = rows ? tf.sub(tf.gather(x, rows), tf.gather(t, targetRows as number[])) : tf.sub(x, t);
  return tf.mul(0.5, tf.sum(tf.square(diff)));
}

test("TfAdam's dense steps equal pinlab's Float32 Adam on the same gradients", () => {
  const x = tf.variable(tf.tensor2d(start, [3, 2]));
  const adam = new TfAdam([x], 0.1, 0.9, 0.98);
  const ref = new Adam(6, 0.1, 0.9, 0.98);
  const params = start.slice();
  for (let s = 0; s < 3; s++) {
    adam.minimize(() => loss(x, null));
    ref.step(
      params,
      params.map((p, i) => p - target[i]),
    );
  }
  const got = x.dataSync();
  params.forEach((p, i) => assert.ok(Math.abs(got[i] - p) < 1e-6, `${got[i]} vs ${p}`));
  adam.dispose();
  x.dispose();
});

test('lazy rows: untouched rows and their moments stay put; touched rows take the dense step', () => {
  const x = tf.variable(tf.tensor2d(start, [3, 2]));
  const lazy = new TfAdam([x], 0.1);
  const y = tf.variable(tf.tensor2d(start, [3, 2]));
  const dense = new TfAdam([y], 0.1);
  const rows = Int32Array.from([0, 2]);
  lazy.minimize((local) => loss(local as tf.Tensor2D, [0, 1], [0, 2]), { index: 0, rows });
  dense.minimize(() => loss(y, [0, 2]));
  // Step 1 from zero moments: the dense step leaves a zero-gradient row unchanged too.
  assert.deepEqual(Array.from(x.dataSync()), Array.from(y.dataSync()));
  lazy.minimize((local) => loss(local as tf.Tensor2D, [0], [2]), { index: 0, rows: Int32Array.from([2]) });
  const after = x.dataSync();
  assert.deepEqual(Array.from(after.slice(0, 4)), Array.from(y.dataSync().slice(0, 4)), 'rows 0 and 1 not stepped');
  assert.deepEqual(Array.from(lazy.state()['adam.m.0'].slice(0, 4)), Array.from(dense.state()['adam.m.0'].slice(0, 4)));
  assert.notDeepEqual(Array.from(after.slice(4)), Array.from(y.dataSync().slice(4)));
  tf.dispose([x, y]);
  lazy.dispose();
  dense.dispose();
});

test('a step leaves no tensor behind, dense or lazy (a leak per step exhausted the wasm heap in a long run)', () => {
  const x = tf.variable(tf.tensor2d(start, [3, 2]));
  const adam = new TfAdam([x], 0.1, 0.9, 0.98);
  adam.minimize(() => loss(x, null)); // the moments exist from here on
  const before = tf.memory().numTensors;
  for (let s = 0; s < 3; s++) {
    adam.minimize(() => loss(x, null));
    const rows = Int32Array.of(0, 2);
    adam.minimize((local) => loss(local as tf.Tensor2D, [0, 1], [0, 2]), { index: 0, rows });
  }
  assert.equal(tf.memory().numTensors, before);
  adam.dispose();
  x.dispose();
});

/** Variables W [3, 2], b [2] and one the loss never reads; a non-quadratic loss of them. */
function smallProblem() {
  const w = tf.variable(tf.tensor2d(start, [3, 2]));
  const b = tf.variable(tf.tensor1d([0.1, -0.2]));
  const unused = tf.variable(tf.tensor1d([3, 4]));
  const x = tf.tensor2d([1, -2, 0.5, 0.3, 0.7, -1.1, 2, 0.2, -0.4, 1.5, -0.6, 0.9], [4, 3]);
  const loss = () =>
    tf.tidy(
      () => tf.mean(tf.softplus(tf.mul(tf.tanh(tf.add(tf.matMul(x, w), b)), tf.tensor1d([1.3, -0.7])))) as tf.Scalar,
    );
  const values = () => [w, b, unused].map((v) => Array.from(v.dataSync()));
  return { vars: [w, b, unused], loss, values, dispose: () => tf.dispose([w, b, unused, x]) };
}

test('TfAdam.likeTfjs steps bit for bit as tf.train.adam (the GNN and two-tower runs were recorded with it)', () => {
  const ours = smallProblem();
  const theirs = smallProblem();
  const pinlab = smallProblem();
  const adam = TfAdam.likeTfjs(ours.vars, 0.05);
  const reference = tf.train.adam(0.05);
  const pinlabAdam = new TfAdam(pinlab.vars, 0.05);
  for (let s = 0; s < 25; s++) {
    const loss = adam.minimize(ours.loss);
    const ref = reference.minimize(theirs.loss, true, theirs.vars)!;
    assert.equal(loss, ref.dataSync()[0], `loss at step ${s}`);
    ref.dispose();
    pinlabAdam.minimize(pinlab.loss);
  }
  assert.deepEqual(ours.values(), theirs.values());
  assert.deepEqual(ours.values()[2], [3, 4], 'a variable without a gradient is not stepped');
  // The default (Adam's ε 1e-8 and float64 corrections) is another rounding: not the same bits.
  assert.notDeepEqual(pinlab.values(), theirs.values());
  [adam, pinlabAdam, reference].forEach((o) => o.dispose());
  [ours, theirs, pinlab].forEach((p) => p.dispose());
});

test('TfAdam.likeTfjs resumes exactly from state(): its float32 βᵗ is rebuilt from t', () => {
  const straight = smallProblem();
  const resumed = smallProblem();
  const a = TfAdam.likeTfjs(straight.vars, 0.05);
  const first = TfAdam.likeTfjs(resumed.vars, 0.05);
  for (let s = 0; s < 6; s++) a.minimize(straight.loss);
  for (let s = 0; s < 3; s++) first.minimize(resumed.loss);
  const second = TfAdam.likeTfjs(resumed.vars, 0.05);
  second.restore(first.state());
  for (let s = 0; s < 3; s++) second.minimize(resumed.loss);
  assert.deepEqual(resumed.values(), straight.values());
  [a, first, second].forEach((o) => o.dispose());
  [straight, resumed].forEach((p) => p.dispose());
});
