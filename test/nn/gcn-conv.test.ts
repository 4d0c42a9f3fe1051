import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { chooseBackend } from '../../lib/tf';
import { GCNConv } from '../../lib/nn/gcn-conv';
import { GraphEncoder } from '../../lib/nn/graph-encoder';
import { messageGraph } from '../../lib/nn/message-graph';
import { sparseFeatures } from '../../lib/nn/sparse-features';
import { Rng } from '../../lib/random/rng';
import { assertClose, finiteDiffGrad, randn } from '../tf/reference';

const evalCtx = { training: false, rng: new Rng(0) };

before(async () => {
  await chooseBackend({ log: () => {} });
});

test('GCNConv on the path 0–1–2 by hand: D̂^{-1/2}(A + I)D̂^{-1/2} x Θ + b', () => {
  // Both directions of 0–1 and 1–2; self-loops from messageGraph. Degrees with loops: 2, 3, 2.
  const g = messageGraph(Int32Array.from([0, 1, 1, 2]), Int32Array.from([1, 0, 2, 1]), 3);
  const conv = new GCNConv({ inChannels: 1, outChannels: 2 }, new Rng(1));
  const v = conv.variables();
  v.weight.assign(tf.tensor2d([[1, -2]]));
  v.bias.assign(tf.tensor1d([0.5, 0]));
  const out = conv.apply(tf.tensor2d([[1], [2], [3]]), g, evalCtx);
  const r6 = Math.sqrt(6);
  const ax = [1 / 2 + 2 / r6, 1 / r6 + 2 / 3 + 3 / r6, 2 / r6 + 3 / 2]; // (Â_norm x)_i
  assertClose(
    out.dataSync(),
    ax.flatMap((a) => [a + 0.5, -2 * a]),
    1e-6,
    'GCNConv',
  );
  // The normalised entries themselves, in the graph's destination order (node 0's edges first).
  const w = Array.from(g.gcnWeights.dataSync());
  const pairs = Array.from(g.src.dataSync(), (s, e) => `${s}→${g.dst.dataSync()[e]}:${w[e].toFixed(4)}`);
  const want = ['1→0', '0→0', '0→1', '2→1', '1→1', '1→2', '2→2'].map((k) => {
    const [s, d] = k.split('→').map(Number);
    const deg = [2, 3, 2];
    return `${k}:${(1 / Math.sqrt(deg[s] * deg[d])).toFixed(4)}`;
  });
  assert.deepEqual(pairs.sort(), want.sort());
  assert.deepEqual(Object.keys(new GCNConv({ inChannels: 2, outChannels: 2, bias: false }, new Rng(1)).variables()), [
    'weight',
  ]);
});

test('GCNConv matches a dense float64 reference on a random graph; ∂/∂Θ and ∂/∂b equal finite differences', () => {
  const rng = new Rng(5);
  const N = 7;
  const F = 4;
  const C = 3;
  const und: [number, number][] = [];
  for (let u = 0; u < N; u++) for (let v = u + 1; v < N; v++) if (rng.next() < 0.4) und.push([u, v]);
  const src = Int32Array.from(und.flatMap(([u, v]) => [u, v]));
  const dst = Int32Array.from(und.flatMap(([u, v]) => [v, u]));
  const g = messageGraph(src, dst, N);
  // Dense Â = A + I and its degrees.
  const A = new Float64Array(N * N);
  for (let e = 0; e < src.length; e++) A[dst[e] * N + src[e]] = 1;
  for (let i = 0; i < N; i++) A[i * N + i] = 1;
  const deg = Array.from({ length: N }, (_, i) => A.slice(i * N, i * N + N).reduce((a, b) => a + b, 0));
  const x = randn(rng, N * F);
  const ref = (W: ArrayLike<number>, b: ArrayLike<number>) => {
    const out = new Float64Array(N * C);
    for (let i = 0; i < N; i++)
      for (let j = 0; j < N; j++) {
        const a = A[i * N + j] / Math.sqrt(deg[i] * deg[j]);
        if (a)
          for (let c = 0; c < C; c++) for (let f = 0; f < F; f++) out[i * C + c] += a * x[j * F + f] * W[f * C + c];
      }
    for (let i = 0; i < N; i++) for (let c = 0; c < C; c++) out[i * C + c] += b[c];
    return out;
  };
  const conv = new GCNConv({ inChannels: F, outChannels: C }, new Rng(2));
  const v = conv.variables();
  v.bias.assign(tf.tensor1d(Float32Array.from(randn(rng, C))));
  const W0 = Float64Array.from(v.weight.dataSync());
  const b0 = Float64Array.from(v.bias.dataSync());
  const xt = tf.tensor2d(Float32Array.from(x), [N, F]);
  const out = conv.apply(xt, g, evalCtx);
  assert.deepEqual(out.shape, [N, C]);
  assertClose(out.dataSync(), ref(W0, b0), 1e-5, 'GCNConv');
  // Sparse features take the same path to the same numbers.
  assertClose(
    conv.apply(sparseFeatures(Float32Array.from(x), N, F), g, evalCtx).dataSync(),
    ref(W0, b0),
    1e-5,
    'sparse',
  );
  const R = randn(rng, N * C);
  const grads = tf.variableGrads(
    () => tf.sum(tf.mul(conv.apply(xt, g, evalCtx), tf.tensor2d(Float32Array.from(R), [N, C]))) as tf.Scalar,
    [v.weight, v.bias],
  );
  const dot = (o: Float64Array) => o.reduce((a, y, i) => a + y * R[i], 0);
  assertClose(
    grads.grads[v.weight.name].dataSync(),
    finiteDiffGrad((W) => dot(ref(W, b0)), W0),
    1e-3,
    'dΘ',
  );
  assertClose(
    grads.grads[v.bias.name].dataSync(),
    finiteDiffGrad((b) => dot(ref(W0, b)), b0),
    1e-3,
    'db',
  );
});

test("GraphEncoder kind 'gcn' stacks two GCNConvs with ReLU between them", () => {
  const g = messageGraph(Int32Array.from([0, 1, 1, 2]), Int32Array.from([1, 0, 2, 1]), 3);
  const enc = new GraphEncoder({ inChannels: 2, hidden: 4, out: 3, kind: 'gcn', activation: 'relu' }, new Rng(4));
  assert.ok(enc.layers.every((l) => l instanceof GCNConv));
  assert.deepEqual(Object.keys(enc.variables()).sort(), ['conv1.bias', 'conv1.weight', 'conv2.bias', 'conv2.weight']);
  const x = tf.tensor2d([
    [1, 0],
    [0, 1],
    [1, 1],
  ]);
  const [l1, l2] = enc.layers;
  const want = l2.apply(tf.relu(l1.apply(x, g, evalCtx)), g, evalCtx).dataSync();
  assertClose(enc.apply(x, g, evalCtx).dataSync(), Array.from(want), 1e-7, 'encoder');
  assert.throws(() => new GraphEncoder({ inChannels: 2, activation: 'tanh' as 'relu' }, new Rng(1)), /activation/);
});
