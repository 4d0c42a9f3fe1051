import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { fullSoftmaxLoss, inBatchSoftmaxLoss, sampledSoftmaxLoss } from '../../lib/losses/in-batch-softmax';
import {
  adjacencyTargets,
  disposeAdjacencyTargets,
  innerProductAdjacencyBce,
  linkBce,
} from '../../lib/losses/link-bce';
import { sampledBceLoss } from '../../lib/losses/sampled-bce';
import { PinlabInputError } from '../../lib/errors';
import { chooseBackend } from '../../lib/tf/backend';
import { Rng } from '../../lib/random/rng';
import { centralDifferences } from '../support/finite-differences';

before(async () => {
  await chooseBackend({ log: () => {} });
});

/** Max |central finite difference − tf.grad| of a scalar function of one tensor (values in float64 arrays). */
function gradientError(f: (x: tf.Tensor) => tf.Scalar, x: Float32Array, shape: number[]): number {
  const analytic = tf.tidy(() => tf.grad(f)(tf.tensor(x, shape)).dataSync());
  const at = (v: Float32Array) => tf.tidy(() => f(tf.tensor(v, shape)).dataSync()[0]);
  const xp = x.slice();
  const numeric = centralDifferences(xp, 1e-2, () => at(xp));
  return numeric.reduce((worst, d, k) => Math.max(worst, Math.abs(d - analytic[k])), 0);
}

test('in-batch softmax: the logQ-corrected, hit-masked cross-entropy by hand, and its gradient', () => {
  const rng = new Rng(4);
  const B = 4;
  const s = Float32Array.from({ length: B * B }, () => rng.normal());
  const targets = Int32Array.from([2, 5, 2, 1]); // rows 0 and 2 share their item: each masks the other
  const logQ = Float32Array.from({ length: 6 }, (_, i) => Math.log((i + 1) / 21));
  const value = tf.tidy(() => inBatchSoftmaxLoss(tf.tensor2d(s, [B, B]), targets, logQ).dataSync()[0]);
  let want = 0;
  for (let b = 0; b < B; b++) {
    const logit = (j: number) => s[b * B + j] - logQ[targets[j]];
    let z = 0;
    for (let j = 0; j < B; j++) if (j === b || targets[j] !== targets[b]) z += Math.exp(logit(j));
    want += (Math.log(z) - logit(b)) / B;
  }
  assert.ok(Math.abs(value - want) < 1e-5, `${value} vs ${want}`);
  const err = gradientError((x) => inBatchSoftmaxLoss(x as tf.Tensor2D, targets, logQ), s, [B, B]);
  assert.ok(err < 2e-3, `max gradient error ${err}`);
});

test('link BCE: −mean[y ln σ(x) + (1 − y) ln(1 − σ(x))], and its gradient', () => {
  const x = Float32Array.from([-2, -0.3, 0.1, 1.5, 3]);
  const y = Float32Array.from([0, 1, 0, 1, 1]);
  const labels = tf.tensor1d(y);
  const value = tf.tidy(() => linkBce(tf.tensor1d(x), labels).dataSync()[0]);
  const sig = (v: number) => 1 / (1 + Math.exp(-v));
  const want =
    -Array.from(x).reduce((a, v, i) => a + y[i] * Math.log(sig(v)) + (1 - y[i]) * Math.log(1 - sig(v)), 0) / x.length;
  assert.ok(Math.abs(value - want) < 1e-6, `${value} vs ${want}`);
  assert.ok(gradientError((t) => linkBce(t as tf.Tensor1D, labels), x, [5]) < 1e-3);
  labels.dispose();
});

test('sampled softmax over shared negatives: logQ-corrected, accidental hit masked, by hand, and its gradients', () => {
  const rng = new Rng(5);
  const R = 3;
  const N = 4;
  const pos = Float32Array.from({ length: R }, () => rng.normal());
  const neg = Float32Array.from({ length: R * N }, () => rng.normal());
  const targets = Int32Array.from([1, 3, 0]);
  const ids = Int32Array.from([3, 2, 5, 3]); // row 1's target drawn twice: both masked for row 1 only
  const logQ = Float32Array.from({ length: 6 }, (_, i) => Math.log((i + 1) / 21));
  const loss = (p: tf.Tensor, n: tf.Tensor) =>
    sampledSoftmaxLoss(p as tf.Tensor1D, n as tf.Tensor2D, targets, ids, logQ);
  const value = tf.tidy(() => loss(tf.tensor1d(pos), tf.tensor2d(neg, [R, N])).dataSync()[0]);
  let want = 0;
  for (let r = 0; r < R; r++) {
    const own = pos[r] - logQ[targets[r]];
    let z = Math.exp(own);
    for (let k = 0; k < N; k++) if (ids[k] !== targets[r]) z += Math.exp(neg[r * N + k] - logQ[ids[k]]);
    want += (Math.log(z) - own) / R;
  }
  assert.ok(Math.abs(value - want) < 1e-5, `${value} vs ${want}`);
  const negT = tf.tensor2d(neg, [R, N]);
  const posT = tf.tensor1d(pos);
  assert.ok(gradientError((p) => loss(p, negT), pos, [R]) < 2e-3);
  assert.ok(gradientError((n) => loss(posT, n), neg, [R, N]) < 2e-3);
  // A masked hit gets no gradient.
  const g = tf.tidy(() =>
    tf
      .grad((n: tf.Tensor) => loss(posT, n))(negT)
      .dataSync(),
  );
  assert.equal(g[1 * N + 0], 0);
  assert.equal(g[1 * N + 3], 0);
  tf.dispose([negT, posT]);
});

test('full softmax from states and table: by hand, equal to sampled softmax over every item, chunked alike, and its gradients', () => {
  const rng = new Rng(6);
  const R = 3;
  const I = 5;
  const D = 4;
  const h = Float32Array.from({ length: R * D }, () => rng.normal());
  const w = Float32Array.from({ length: I * D }, () => rng.normal());
  const targets = Int32Array.from([4, 0, 4]);
  const s = new Float64Array(R * I);
  for (let r = 0; r < R; r++)
    for (let i = 0; i < I; i++) for (let d = 0; d < D; d++) s[r * I + i] += h[r * D + d] * w[i * D + d];
  const full = (chunkRows?: number) =>
    tf.tidy(() => fullSoftmaxLoss(tf.tensor2d(h, [R, D]), tf.tensor2d(w, [I, D]), targets, chunkRows).dataSync()[0]);
  let want = 0;
  for (let r = 0; r < R; r++) {
    let z = 0;
    for (let i = 0; i < I; i++) z += Math.exp(s[r * I + i]);
    want += (Math.log(z) - s[r * I + targets[r]]) / R;
  }
  assert.ok(Math.abs(full() - want) < 1e-5, `${full()} vs ${want}`);
  for (const chunkRows of [1, 2]) assert.ok(Math.abs(full(chunkRows) - want) < 1e-5, `chunkRows ${chunkRows}`);
  const all = Int32Array.from({ length: I }, (_, i) => i);
  const sampled = tf.tidy(() => {
    const scores = tf.tensor2d(Float32Array.from(s), [R, I]);
    const pos = tf.gather(
      scores.reshape([R * I]),
      Int32Array.from(targets, (t, r) => r * I + t),
    ) as tf.Tensor1D;
    return sampledSoftmaxLoss(pos, scores, targets, all).dataSync()[0];
  });
  assert.ok(Math.abs(sampled - want) < 1e-5, `${sampled} vs ${want}`);
  // Both gradients, with chunks of 2 rows (the second chunk is partial); item 4 is two rows' target.
  const table = () => tf.tensor2d(w, [I, D]);
  const states = () => tf.tensor2d(h, [R, D]);
  // Probabilities kept from the forward pass (default) or recomputed (keptValues 0): same gradients,
  // and no tensor outlives the step either way.
  for (const kept of [undefined, 0]) {
    const f = (x: tf.Tensor, y: tf.Tensor) => fullSoftmaxLoss(x as tf.Tensor2D, y as tf.Tensor2D, targets, 2, kept);
    assert.ok(gradientError((x) => f(x, table()), h, [R, D]) < 2e-3);
    assert.ok(gradientError((x) => f(states(), x), w, [I, D]) < 2e-3);
    const [hT, wT] = [states(), table()];
    const before = tf.memory().numTensors;
    tf.dispose(tf.grads(f)([hT, wT]));
    tf.dispose(f(hT, wT));
    assert.equal(tf.memory().numTensors, before);
    tf.dispose([hT, wT]);
  }
  assert.throws(
    () => fullSoftmaxLoss(states(), table(), Int32Array.from([0, 5, 1])),
    (e: unknown) => e instanceof PinlabInputError && e.field === 'targets' && e.index === 1,
  );
});

test("SASRec's BCE: −mean[ln σ(s⁺) + ln(1 − σ(s⁻))] by hand, and its gradients", () => {
  const pos = Float32Array.from([0.5, -1, 2]);
  const neg = Float32Array.from([0.2, 1.5, -3]);
  const sig = (v: number) => 1 / (1 + Math.exp(-v));
  const want = -pos.reduce((a, p, r) => a + Math.log(sig(p)) + Math.log(1 - sig(neg[r])), 0) / 3;
  const value = tf.tidy(() => sampledBceLoss(tf.tensor1d(pos), tf.tensor1d(neg)).dataSync()[0]);
  assert.ok(Math.abs(value - want) < 1e-5, `${value} vs ${want}`);
  const negT = tf.tensor1d(neg);
  const posT = tf.tensor1d(pos);
  assert.ok(gradientError((p) => sampledBceLoss(p as tf.Tensor1D, negT), pos, [3]) < 1e-3);
  assert.ok(gradientError((n) => sampledBceLoss(posT, n as tf.Tensor1D), neg, [3]) < 1e-3);
  tf.dispose([negT, posT]);
});

test('GAE adjacency BCE: weighted BCE over all N² pairs of Z Zᵀ by hand, its weights, and its gradient', () => {
  // 5 nodes, edges 0–1, 1–2, 3–4: E = 6 entries, positives = those plus 5 self-loops.
  const N = 5;
  const edges = { src: Int32Array.from([0, 2, 3]), dst: Int32Array.from([1, 1, 4]) };
  const t = adjacencyTargets(edges, N);
  assert.equal(t.posWeight, (25 - 6) / 6);
  assert.equal(t.norm, 25 / (2 * (25 - 6)));
  const y = new Float64Array(N * N);
  for (const [u, v] of [
    [0, 1],
    [1, 2],
    [3, 4],
  ])
    y[u * N + v] = y[v * N + u] = 1;
  for (let i = 0; i < N; i++) y[i * N + i] = 1;
  const rng = new Rng(3);
  const d = 3;
  const z = Float32Array.from({ length: N * d }, () => rng.normal());
  const softplus = (x: number) => Math.log1p(Math.exp(x));
  let want = 0;
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      let x = 0;
      for (let k = 0; k < d; k++) x += z[i * d + k] * z[j * d + k];
      want += y[i * N + j] * t.posWeight * softplus(-x) + (1 - y[i * N + j]) * softplus(x);
    }
  }
  want *= t.norm / (N * N);
  const f = (x: tf.Tensor) => innerProductAdjacencyBce(x as tf.Tensor2D, t);
  const value = tf.tidy(() => f(tf.tensor2d(z, [N, d])).dataSync()[0]);
  assert.ok(Math.abs(value - want) < 1e-5, `${value} vs ${want}`);
  // The written-out gradient against finite differences of the value.
  const err = gradientError(f, z, [N, d]);
  assert.ok(err < 2e-3, `max gradient error ${err}`);
  // The weighting matters: with posWeight 1 the value differs (guards against an ignored weight).
  const unweighted = { ...t, posWeight: 1 };
  const v1 = tf.tidy(() => innerProductAdjacencyBce(tf.tensor2d(z, [N, d]), unweighted).dataSync()[0]);
  assert.ok(Math.abs(v1 - value) > 1e-3);
  disposeAdjacencyTargets(t);
});

test('GAE adjacency targets refuse self-loops, repeated edges and out-of-range nodes, naming the field', () => {
  const pairs = (s: number[], d: number[]) => ({ src: Int32Array.from(s), dst: Int32Array.from(d) });
  assert.throws(
    () => adjacencyTargets(pairs([0, 1], [1, 0]), 3),
    (e: PinlabInputError) => e.field === 'edges',
  );
  assert.throws(() => adjacencyTargets(pairs([2], [2]), 3), /self-loop/);
  assert.throws(
    () => adjacencyTargets(pairs([0], [3]), 3),
    (e: PinlabInputError) => e.field === 'edges.dst',
  );
  assert.throws(() => adjacencyTargets(pairs([], []), 3), /at least one edge/);
});
