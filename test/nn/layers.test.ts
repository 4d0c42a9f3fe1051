import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { chooseBackend } from '../../lib/tf';
import { GATConv } from '../../lib/nn/gat-conv';
import { GraphEncoder } from '../../lib/nn/graph-encoder';
import { MeanConv } from '../../lib/nn/mean-conv';
import { messageGraph } from '../../lib/nn/message-graph';
import { sparseFeatures } from '../../lib/nn/sparse-features';
import { PinlabInputError } from '../../lib/errors';
import { Rng } from '../../lib/random/rng';
import { assertClose, finiteDiffGrad, randn } from '../tf/reference';

const evalCtx = { training: false, rng: new Rng(0) };

/** Float64 GATConv forward straight from the PyG formulas, over an explicit edge list. */
function refGat(
  x: ArrayLike<number>,
  N: number,
  F: number,
  W: ArrayLike<number>,
  aS: ArrayLike<number>,
  aD: ArrayLike<number>,
  H: number,
  C: number,
  src: Int32Array,
  dst: Int32Array,
  concat: boolean,
  bias: ArrayLike<number>,
  edge?: { attr: ArrayLike<number>; dim: number; We: ArrayLike<number>; aE: ArrayLike<number> },
): Float64Array {
  const h = new Float64Array(N * H * C);
  for (let i = 0; i < N; i++)
    for (let k = 0; k < H * C; k++) for (let f = 0; f < F; f++) h[i * H * C + k] += x[i * F + f] * W[f * H * C + k];
  const E = src.length;
  const e = new Float64Array(E * H);
  for (let j = 0; j < E; j++) {
    for (let hh = 0; hh < H; hh++) {
      let v = 0;
      for (let c = 0; c < C; c++)
        v += h[(src[j] * H + hh) * C + c] * aS[hh * C + c] + h[(dst[j] * H + hh) * C + c] * aD[hh * C + c];
      if (edge) {
        for (let c = 0; c < C; c++) {
          let lin = 0;
          for (let k = 0; k < edge.dim; k++) lin += edge.attr[j * edge.dim + k] * edge.We[(k * H + hh) * C + c];
          v += lin * edge.aE[hh * C + c];
        }
      }
      e[j * H + hh] = v > 0 ? v : 0.2 * v;
    }
  }
  const outW = concat ? H * C : C;
  const out = new Float64Array(N * outW);
  for (let i = 0; i < N; i++) {
    for (let hh = 0; hh < H; hh++) {
      const inc = [...Array(E).keys()].filter((j) => dst[j] === i);
      const m = Math.max(...inc.map((j) => e[j * H + hh]));
      const z = inc.reduce((a, j) => a + Math.exp(e[j * H + hh] - m), 0);
      for (const j of inc) {
        const alpha = Math.exp(e[j * H + hh] - m) / z;
        for (let c = 0; c < C; c++) {
          const v = alpha * h[(src[j] * H + hh) * C + c];
          if (concat) out[i * outW + hh * C + c] += v;
          else out[i * outW + c] += v / H;
        }
      }
    }
    for (let k = 0; k < outW; k++) out[i * outW + k] += bias[k];
  }
  return out;
}

describe('GNN layers', () => {
  before(async () => {
    await chooseBackend({ log: () => {} });
  });

  const N = 6;
  const rng = new Rng(11);
  const rawSrc = Int32Array.from([0, 1, 2, 3, 4, 0, 2, 5, 1]);
  const rawDst = Int32Array.from([1, 2, 0, 0, 0, 3, 3, 1, 1]);

  it('messageGraph adds self-loops, sorts by destination, fills loop features with the incoming mean', () => {
    const attr = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const g = messageGraph(rawSrc, rawDst, N, { edgeAttr: attr, edgeDim: 1 });
    assert.equal(g.numEdges, 9 + N);
    const d = Array.from(g.dst.dataSync());
    assert.deepEqual(
      d,
      [...d].sort((a, b) => a - b),
    );
    assert.deepEqual(d, [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 3, 3, 3, 4, 5]);
    assert.deepEqual(Array.from(g.src.dataSync()).slice(0, 4), [2, 3, 4, 0]);
    // Node 0's incoming features 3, 4, 5 → loop 4; node 4 has none → 0.
    assertClose(g.edgeAttr!.dataSync(), [3, 4, 5, 4, 1, 8, 9, 6, 2, 2, 6, 7, 6.5, 0, 0], 1e-7, 'edgeAttr');
    assertClose(g.meanWeights.dataSync().slice(0, 5), [0.25, 0.25, 0.25, 0.25, 0.25], 1e-7, 'meanWeights');
    assert.throws(
      () => messageGraph(rawSrc, Int32Array.from([1, 2, 0, 0, 9, 3, 3, 1, 1]), N),
      (e: unknown) => e instanceof PinlabInputError && e.field === 'dst' && e.index === 4,
    );
  });

  for (const [H, concat, edgeDim] of [
    [1, true, 0],
    [3, true, 0],
    [2, false, 2],
  ] as const) {
    it(`GATConv (heads ${H}, ${concat ? 'concat' : 'mean'}, edgeDim ${edgeDim}) matches the PyG formulas; ∂/∂W equals finite differences`, () => {
      const F = 4;
      const C = 3;
      const attr = edgeDim ? Float32Array.from(randn(rng, rawSrc.length * edgeDim)) : undefined;
      const g = messageGraph(rawSrc, rawDst, N, { edgeAttr: attr, edgeDim });
      const conv = new GATConv({ inChannels: F, outChannels: C, heads: H, concat, edgeDim }, new Rng(3));
      const v = conv.variables();
      v.bias.assign(tf.tensor1d(Float32Array.from(randn(rng, conv.outWidth))));
      const x = randn(rng, N * F);
      const xt = tf.tensor2d(Float32Array.from(x), [N, F]);
      const src = g.src.dataSync() as Int32Array;
      const dst = g.dst.dataSync() as Int32Array;
      const edge = edgeDim
        ? { attr: g.edgeAttr!.dataSync(), dim: edgeDim, We: v.lin_edge.dataSync(), aE: v.att_edge.dataSync() }
        : undefined;
      const ref = (W: ArrayLike<number>) =>
        refGat(x, N, F, W, v.att_src.dataSync(), v.att_dst.dataSync(), H, C, src, dst, concat, v.bias.dataSync(), edge);
      const out = conv.apply(xt, g, evalCtx);
      assert.deepEqual(out.shape, [N, concat ? H * C : C]);
      const W0 = Float64Array.from(v.weight.dataSync());
      assertClose(out.dataSync(), ref(W0), 1e-5, 'GATConv');
      const R = randn(rng, out.size);
      const viaVar = tf.variableGrads(
        () => tf.sum(tf.mul(conv.apply(xt, g, evalCtx), tf.tensor(Float32Array.from(R), out.shape))) as tf.Scalar,
        [v.weight],
      );
      const fd = finiteDiffGrad((w) => ref(w).reduce((a, o, i) => a + o * R[i], 0), W0);
      assertClose(viaVar.grads[v.weight.name].dataSync(), fd, 1e-3, 'dGAT/dW');
      if (edge) {
        // The edge-feature path (lin_edge folded with att_edge) against finite differences too.
        const ge = tf.variableGrads(
          () => tf.sum(tf.mul(conv.apply(xt, g, evalCtx), tf.tensor(Float32Array.from(R), out.shape))) as tf.Scalar,
          [v.lin_edge, v.att_edge],
        );
        const at = (We: ArrayLike<number>, aE: ArrayLike<number>) =>
          refGat(x, N, F, W0, v.att_src.dataSync(), v.att_dst.dataSync(), H, C, src, dst, concat, v.bias.dataSync(), {
            ...edge,
            We,
            aE,
          }).reduce((a, o, i) => a + o * R[i], 0);
        const We0 = Float64Array.from(v.lin_edge.dataSync());
        const aE0 = Float64Array.from(v.att_edge.dataSync());
        assertClose(
          ge.grads[v.lin_edge.name].dataSync(),
          finiteDiffGrad((w) => at(w, aE0), We0),
          1e-3,
          'dGAT/dW_edge',
        );
        assertClose(
          ge.grads[v.att_edge.name].dataSync(),
          finiteDiffGrad((a) => at(We0, a), aE0),
          1e-3,
          'dGAT/da_edge',
        );
      }
    });
  }

  it('sparse features give the same outputs and weight gradients as dense ones; sparse dropout is seeded', () => {
    const g = messageGraph(rawSrc, rawDst, N);
    const dense = Float32Array.from(randn(rng, N * 5), (v) => (v > 0.5 ? v : 0));
    const xd = tf.tensor2d(dense, [N, 5]);
    const xs = sparseFeatures(dense, N, 5);
    const conv = new GATConv({ inChannels: 5, outChannels: 3, heads: 2, featureDropout: 0.5 }, new Rng(8));
    const W = conv.variables().weight;
    const loss = (x: typeof xd | typeof xs, ctx: { training: boolean; rng: Rng }) => () =>
      tf.sum(tf.square(conv.apply(x, g, ctx))) as tf.Scalar;
    const a = tf.variableGrads(loss(xd, evalCtx), [W]);
    const b = tf.variableGrads(loss(xs, evalCtx), [W]);
    assertClose(b.value.dataSync(), a.value.dataSync(), 1e-5, 'loss');
    assertClose(b.grads[W.name].dataSync(), a.grads[W.name].dataSync(), 1e-4, 'dW');
    // Dropout masks index the stored non-zeros, so they differ from the dense masks but repeat per seed.
    const t1 = loss(xs, { training: true, rng: new Rng(5) })().dataSync()[0];
    const t2 = loss(xs, { training: true, rng: new Rng(5) })().dataSync()[0];
    assert.equal(t1, t2);
    assert.notEqual(t1, a.value.dataSync()[0]);
  });

  it('dropout is seeded: training passes differ from evaluation and repeat exactly with the same seed', () => {
    const g = messageGraph(rawSrc, rawDst, N);
    const conv = new GATConv({ inChannels: 4, outChannels: 3, featureDropout: 0.5, attentionDropout: 0.5 }, new Rng(1));
    const x = tf.tensor2d(Float32Array.from(randn(rng, N * 4)), [N, 4]);
    const a = conv.apply(x, g, { training: true, rng: new Rng(9) }).dataSync();
    const b = conv.apply(x, g, { training: true, rng: new Rng(9) }).dataSync();
    const e1 = conv.apply(x, g, evalCtx).dataSync();
    const e2 = conv.apply(x, g, evalCtx).dataSync();
    assert.deepEqual(Array.from(a), Array.from(b));
    assert.deepEqual(Array.from(e1), Array.from(e2));
    assert.notDeepEqual(Array.from(a), Array.from(e1));
  });

  it('MeanConv averages transformed in-neighbours (self included); encoder kinds have the right widths', () => {
    const g = messageGraph(rawSrc, rawDst, N);
    const conv = new MeanConv({ inChannels: 2, outChannels: 2 }, new Rng(2));
    conv.variables().weight.assign(tf.eye(2));
    const x = randn(rng, N * 2);
    const out = conv.apply(tf.tensor2d(Float32Array.from(x), [N, 2]), g, evalCtx).dataSync();
    // Node 3's in-neighbours: 0, 2 and itself.
    assertClose([out[6], out[7]], [(x[0] + x[4] + x[6]) / 3, (x[1] + x[5] + x[7]) / 3], 1e-6, 'mean of node 3');
    for (const kind of ['gat', 'mean', 'none'] as const) {
      const enc = new GraphEncoder({ inChannels: 2, hidden: 8, out: 5, kind, heads: 2 }, new Rng(4));
      assert.deepEqual(enc.apply(tf.tensor2d(Float32Array.from(x), [N, 2]), g, evalCtx).shape, [N, 5]);
    }
    assert.throws(
      () => new GraphEncoder({ inChannels: 2, kind: 'sage' as 'gat' }, new Rng(1)),
      (e: unknown) => e instanceof PinlabInputError && e.field === 'kind',
    );
  });
});
