import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import {
  edgeAggregate,
  edgeSoftmax,
  fastDropout,
  pairDot,
  registerPinlabKernels,
  tensorflowUnavailable,
} from '../../lib/tf';
import { PinlabInputError } from '../../lib/errors';
import { Rng } from '../../lib/random/rng';
import {
  assertClose,
  dot,
  finiteDiffGrad,
  randInts,
  randn,
  refEdgeAggregate,
  refEdgeSoftmax,
  refSegmentSum,
} from './reference';

// A small multigraph: duplicate edges, self-loops, and node N-1 with no incoming edge.
const N = 7;
const E = 25;
const H = 2;
const C = 3;
const rng = new Rng(5);
const src = randInts(rng, E, N);
const dst = randInts(rng, E, N - 1);

const f32 = (a: ArrayLike<number>) => Float32Array.from(a);
const idx = (a: Int32Array) => tf.tensor1d(a, 'int32');

/** ∂/∂inputs of Σ R ⊙ f(inputs), computed by TensorFlow.js. */
function tfGrads(f: (...xs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[], r: Float64Array): Float32Array[] {
  return tf.tidy(() => {
    const R = tf.tensor(f32(r), f(...inputs).shape);
    const gs = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(f(...xs), R)))(inputs);
    return gs.map((g) => g.dataSync() as Float32Array);
  });
}

// tfjs-node joins whenever `npm run setup:native` has installed it. It keeps its native segment sum and
// gather, which reject bad ids with TensorFlow's own errors: pinlab's checks are tested on cpu and wasm.
const tensorflow = tensorflowUnavailable() === undefined;
for (const backend of ['cpu', 'wasm', ...(tensorflow ? ['tensorflow'] : [])]) {
  const ownKernels = backend !== 'tensorflow';
  describe(`graph kernels on ${backend}`, () => {
    before(async () => {
      registerPinlabKernels();
      assert.ok(await tf.setBackend(backend));
      await tf.ready();
    });

    it('UnsortedSegmentSum matches the one-hot reference, drops negative ids, keeps trailing dims', () => {
      const ids = randInts(rng, E, 5);
      ids[3] = -1;
      const x = randn(rng, E * 2 * 3);
      const out = tf.unsortedSegmentSum(tf.tensor3d(f32(x), [E, 2, 3]), idx(ids), 5);
      assert.deepEqual(out.shape, [5, 2, 3]);
      assertClose(out.dataSync(), refSegmentSum(x, ids, 6, 5), 1e-5, 'segmentSum');
      const xi = Int32Array.from({ length: E }, (_, i) => i - 4);
      const outInt = tf.unsortedSegmentSum(tf.tensor1d(xi, 'int32'), idx(ids), 5);
      assert.equal(outInt.dtype, 'int32');
      assert.deepEqual(Array.from(outInt.dataSync()), Array.from(refSegmentSum(xi, ids, 1, 5)));
    });

    it('UnsortedSegmentSum rejects ids >= numSegments, naming the index', { skip: !ownKernels }, () => {
      const ids = Int32Array.from([0, 1, 7, 2]);
      assert.throws(
        () => tf.unsortedSegmentSum(tf.ones([4, 2]), idx(ids), 3),
        (e: unknown) => e instanceof PinlabInputError && e.field === 'segmentIds' && e.index === 2,
      );
    });

    it('gather (pinlab rows kernel) matches indexing, keeps the stock path for axis 1, rejects bad ids', () => {
      const x = randn(rng, N * 2 * 3);
      const ids = randInts(rng, 11, N);
      const out = tf.gather(tf.tensor3d(f32(x), [N, 2, 3]), idx(ids));
      assert.deepEqual(out.shape, [11, 2, 3]);
      const want = Array.from(ids).flatMap((r) => Array.from(f32(x.subarray(r * 6, r * 6 + 6))));
      assert.deepEqual(Array.from(out.dataSync()), want);
      const cols = tf.gather(tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]), idx(Int32Array.from([2, 0])), 1);
      assert.deepEqual(Array.from(cols.dataSync()), [3, 1, 6, 4]);
      if (ownKernels)
        assert.throws(
          () => tf.gather(tf.ones([3, 2]), idx(Int32Array.from([0, 3]))),
          (e: unknown) => e instanceof PinlabInputError && e.field === 'indices' && e.index === 1,
        );
    });

    it("gather's gradient (now our segment sum) equals finite differences", () => {
      const ids = randInts(rng, 40, N);
      const x = randn(rng, N * C);
      const r = randn(rng, 40 * C);
      const [g] = tfGrads((t) => tf.gather(t, idx(ids)), [tf.tensor2d(f32(x), [N, C])], r);
      const fd = finiteDiffGrad((xv) => {
        let s = 0;
        for (let i = 0; i < 40; i++) for (let c = 0; c < C; c++) s += r[i * C + c] * xv[ids[i] * C + c];
        return s;
      }, x);
      assertClose(g, fd, 1e-4, 'dGather/dx');
    });

    it('edgeSoftmax matches the per-destination reference and sums to 1 per destination', () => {
      const s = randn(rng, E * H).map((v) => 3 * v);
      const alpha = edgeSoftmax(tf.tensor2d(f32(s), [E, H]), idx(dst), N).dataSync();
      assertClose(alpha, refEdgeSoftmax(s, dst, H, N), 1e-5, 'alpha');
      const sums = refSegmentSum(alpha, dst, H, N);
      for (let d = 0; d < N - 1; d++)
        for (let h = 0; h < H; h++) if (dst.includes(d)) assert.ok(Math.abs(sums[d * H + h] - 1) < 1e-5);
      assert.equal(sums[(N - 1) * H], 0);
    });

    it('edgeSoftmax is stable for large scores (max subtraction)', () => {
      const alpha = edgeSoftmax(
        tf.tensor2d([1000, 1001, -1000, -1001], [4, 1]),
        idx(Int32Array.from([0, 0, 1, 1])),
        2,
      ).dataSync();
      assertClose(
        alpha,
        [1 / (1 + Math.E), Math.E / (1 + Math.E), Math.E / (1 + Math.E), 1 / (1 + Math.E)],
        1e-6,
        'alpha',
      );
    });

    it('edgeSoftmax gradient equals finite differences', () => {
      const s = randn(rng, E * H);
      const r = randn(rng, E * H);
      const [g] = tfGrads((t) => edgeSoftmax(t as tf.Tensor2D, idx(dst), N), [tf.tensor2d(f32(s), [E, H])], r);
      assertClose(
        g,
        finiteDiffGrad((sv) => dot(r, refEdgeSoftmax(sv, dst, H, N)), s),
        1e-4,
        'dSoftmax/ds',
      );
    });

    it('edgeAggregate matches the dense adjacency product', () => {
      const w = randn(rng, E * H);
      const x = randn(rng, N * H * C);
      const out = edgeAggregate(tf.tensor2d(f32(w), [E, H]), tf.tensor3d(f32(x), [N, H, C]), idx(src), idx(dst), N);
      assert.deepEqual(out.shape, [N, H, C]);
      assertClose(out.dataSync(), refEdgeAggregate(w, x, src, dst, H, C, N, N), 1e-5, 'aggregate');
    });

    it('edgeAggregate gradients (weights and x) equal finite differences, bipartite sizes', () => {
      const numDst = 4;
      const d4 = dst.map((d) => d % numDst);
      const w = randn(rng, E * H);
      const x = randn(rng, N * H * C);
      const r = randn(rng, numDst * H * C);
      const [gw, gx] = tfGrads(
        (wt, xt) => edgeAggregate(wt as tf.Tensor2D, xt as tf.Tensor3D, idx(src), idx(d4), numDst),
        [tf.tensor2d(f32(w), [E, H]), tf.tensor3d(f32(x), [N, H, C])],
        r,
      );
      assertClose(
        gw,
        finiteDiffGrad((wv) => dot(r, refEdgeAggregate(wv, x, src, d4, H, C, N, numDst)), w),
        1e-4,
        'dAgg/dw',
      );
      assertClose(
        gx,
        finiteDiffGrad((xv) => dot(r, refEdgeAggregate(w, xv, src, d4, H, C, N, numDst)), x),
        1e-4,
        'dAgg/dx',
      );
    });

    it('softmax → aggregate → leaky scores compose: end-to-end gradient equals finite differences', () => {
      const s = randn(rng, E * H);
      const x = randn(rng, N * H * C);
      const r = randn(rng, N * H * C);
      const [gs, gx] = tfGrads(
        (st, xt) =>
          edgeAggregate(
            edgeSoftmax(tf.leakyRelu(st, 0.2) as tf.Tensor2D, idx(dst), N),
            xt as tf.Tensor3D,
            idx(src),
            idx(dst),
            N,
          ),
        [tf.tensor2d(f32(s), [E, H]), tf.tensor3d(f32(x), [N, H, C])],
        r,
      );
      const f = (sv: Float64Array, xv: Float64Array) => {
        const lr = sv.map((v) => (v > 0 ? v : 0.2 * v));
        return dot(r, refEdgeAggregate(refEdgeSoftmax(lr, dst, H, N), xv, src, dst, H, C, N, N));
      };
      assertClose(
        gs,
        finiteDiffGrad((sv) => f(sv, x), s),
        1e-4,
        'd/ds',
      );
      assertClose(
        gx,
        finiteDiffGrad((xv) => f(s, xv), x),
        1e-4,
        'd/dx',
      );
    });

    it('pairDot equals gathered inner products; its gradient equals finite differences (shared endpoints)', () => {
      const P = 30;
      const u = randInts(rng, P, N);
      const v = randInts(rng, P, N);
      v[0] = u[0]; // a self-pair: both gradient terms land on one row
      const z = randn(rng, N * C);
      const ref = (zv: ArrayLike<number>) =>
        Float64Array.from({ length: P }, (_, p) => {
          let s = 0;
          for (let c = 0; c < C; c++) s += zv[u[p] * C + c] * zv[v[p] * C + c];
          return s;
        });
      const zt = tf.tensor2d(f32(z), [N, C]);
      assertClose(pairDot(zt, idx(u), idx(v)).dataSync(), ref(z), 1e-5, 'pairDot');
      const r = randn(rng, P);
      const [g] = tfGrads((t) => pairDot(t as tf.Tensor2D, idx(u), idx(v)), [zt], r);
      assertClose(
        g,
        finiteDiffGrad((zv) => dot(r, ref(zv)), z),
        1e-4,
        'dPairDot/dz',
      );
      assert.throws(
        () => pairDot(zt, idx(Int32Array.from([0, N])), idx(Int32Array.from([0, 0]))),
        (e: unknown) => e instanceof PinlabInputError && e.field === 'u' && e.index === 1,
      );
    });

    it('fastDropout keeps ≈ 1 − p, scales kept values, repeats per seed; its gradient is the same mask', () => {
      const n = 100_000;
      const x = tf.add(tf.zeros([n]), 2);
      const y = fastDropout(x, 0.6, 12345).dataSync();
      const kept = y.filter((v) => v !== 0);
      assert.ok(Math.abs(kept.length / n - 0.4) < 0.01, `kept ${kept.length / n}`);
      assert.ok(kept.every((v) => Math.abs(v - 2 / 0.4) < 1e-5));
      assert.deepEqual(Array.from(fastDropout(x, 0.6, 12345).dataSync()), Array.from(y));
      assert.notDeepEqual(Array.from(fastDropout(x, 0.6, 12346).dataSync().slice(0, 100)), Array.from(y.slice(0, 100)));
      const r = randn(rng, n);
      const [g] = tfGrads((t) => fastDropout(t, 0.6, 12345), [x], r);
      for (let i = 0; i < n; i += 97)
        assert.ok(Math.abs(g[i] - (y[i] !== 0 ? r[i] / 0.4 : 0)) < 1e-4 * (1 + Math.abs(r[i])));
      assert.throws(
        () => fastDropout(x, 1, 1),
        (e: unknown) => e instanceof PinlabInputError && e.field === 'rate',
      );
    });

    it('matMul with transposed operands (pinlab materialises them on wasm) matches a plain-loop product', () => {
      // Hand-computed: [[1, 2], [3, 4]]ᵀ · [[5, 6], [7, 8]] = [[26, 30], [38, 44]].
      assertClose(
        tf
          .matMul(
            tf.tensor2d([
              [1, 2],
              [3, 4],
            ]),
            tf.tensor2d([
              [5, 6],
              [7, 8],
            ]),
            true,
            false,
          )
          .dataSync(),
        [26, 30, 38, 44],
        1e-6,
        'hand',
      );
      /** (batch of) op(X) · op(Y) by triple loops, op = transpose when asked: the reference no kernel shares. */
      const ref = (
        x: Float64Array,
        y: Float64Array,
        [bs, xr, xc]: number[],
        [yr, yc]: number[],
        tx: boolean,
        ty: boolean,
      ) => {
        const m = tx ? xc : xr,
          k = tx ? xr : xc,
          n = ty ? yr : yc;
        const out: number[] = [];
        for (let b = 0; b < bs; b++)
          for (let i = 0; i < m; i++)
            for (let j = 0; j < n; j++) {
              let acc = 0;
              for (let t = 0; t < k; t++)
                acc +=
                  x[b * xr * xc + (tx ? t * xc + i : i * xc + t)] * y[b * yr * yc + (ty ? j * yc + t : t * yc + j)];
              out.push(acc);
            }
        return out;
      };
      const a = randn(rng, 2 * 5 * 3);
      const b = randn(rng, 2 * 5 * 4);
      const A = tf.tensor3d(f32(a), [2, 5, 3]);
      const B = tf.tensor3d(f32(b), [2, 5, 4]);
      assertClose(tf.matMul(A, B, true, false).dataSync(), ref(a, b, [2, 5, 3], [5, 4], true, false), 1e-4, 'AᵀB');
      assertClose(tf.matMul(B, A, true, false).dataSync(), ref(b, a, [2, 5, 4], [5, 3], true, false), 1e-4, 'BᵀA');
      const c = randn(rng, 4 * 3);
      const d = randn(rng, 6 * 4);
      assertClose(
        tf.matMul(tf.tensor2d(f32(c), [4, 3]), tf.tensor2d(f32(d), [6, 4]), true, true).dataSync(),
        ref(c, d, [1, 4, 3], [6, 4], true, true),
        1e-4,
        'CᵀDᵀ',
      );
      const e = randn(rng, 3 * 4);
      assertClose(
        tf.matMul(tf.tensor2d(f32(e), [3, 4]), tf.tensor2d(f32(d), [6, 4]), false, true).dataSync(),
        ref(e, d, [1, 3, 4], [6, 4], false, true),
        1e-4,
        'EDᵀ',
      );
    });

    it('rejects bad indices and shapes with PinlabInputError naming the field', () => {
      const w = tf.ones([3, 1]) as tf.Tensor2D;
      const x = tf.ones([2, 1, 2]) as tf.Tensor3D;
      const ok = idx(Int32Array.from([0, 1, 1]));
      const isErr = (field: string, index?: number) => (e: unknown) =>
        e instanceof PinlabInputError && e.field === field && e.index === index;
      assert.throws(() => edgeAggregate(w, x, idx(Int32Array.from([0, 2, 1])), ok, 2), isErr('src', 1));
      assert.throws(() => edgeAggregate(w, x, ok, idx(Int32Array.from([0, 1, -1])), 2), isErr('dst', 2));
      assert.throws(() => edgeAggregate(w, x, tf.tensor1d([0, 1, 1]) as tf.Tensor1D, ok, 2), isErr('src'));
      assert.throws(() => edgeAggregate(tf.ones([3, 2]) as tf.Tensor2D, x, ok, ok, 2), isErr('weights'));
      assert.throws(() => edgeSoftmax(w, idx(Int32Array.from([0, 5, 1])), 2), isErr('dst', 1));
      assert.throws(() => edgeSoftmax(w, ok, 1.5), isErr('numNodes'));
    });
  });
}
