import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { inBatchSoftmaxLoss } from '../../lib/losses/in-batch-softmax';
import { linkBce } from '../../lib/losses/link-bce';
import { chooseBackend } from '../../lib/tf/backend';
import { Rng } from '../../lib/random/rng';

before(async () => {
  await chooseBackend({ log: () => {} });
});

/** Max |central finite difference − tf.grad| of a scalar function of one tensor (values in float64 arrays). */
function gradientError(f: (x: tf.Tensor) => tf.Scalar, x: Float32Array, shape: number[]): number {
  const analytic = tf.tidy(() => tf.grad(f)(tf.tensor(x, shape)).dataSync());
  const at = (v: Float32Array) => tf.tidy(() => f(tf.tensor(v, shape)).dataSync()[0]);
  const h = 1e-2;
  let worst = 0;
  for (let k = 0; k < x.length; k++) {
    const up = x.slice(),
      down = x.slice();
    up[k] += h;
    down[k] -= h;
    worst = Math.max(worst, Math.abs((at(up) - at(down)) / (2 * h) - analytic[k]));
  }
  return worst;
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
