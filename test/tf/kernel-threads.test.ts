// pinlab's kernels split by destination rows keep each row's summation order, so any thread
// count gives the same bits as one thread; and a worker's bad-index error reaches the caller.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { edgeAggregate, edgeSoftmax, pairDot, registerPinlabKernels } from '../../lib/tf';
import { PinlabInputError } from '../../lib/errors';
import { Rng } from '../../lib/random/rng';
import { withThreads } from '../support/threads';

const N = 3000;
const E = 40_000;
const H = 2;
const C = 8;
const rng = new Rng(11);
const ints = (n: number, max: number) => Int32Array.from({ length: n }, () => rng.int(max));
const floats = (n: number) => Float32Array.from({ length: n }, () => rng.normal());
const src = ints(E, N);
const dst = ints(E, N);
const w = floats(E * H);
const x = floats(N * H * C);
const s = floats(E * H);
const z = floats(N * C);
const r = floats(N * H * C);

/** Every kernel forward and backward, as flat arrays. */
function everything(): Float32Array[] {
  return tf.tidy(() => {
    const [ts, td] = [tf.tensor1d(src, 'int32'), tf.tensor1d(dst, 'int32')];
    const [tw, tx, tsc, tz, tr] = [
      tf.tensor2d(w, [E, H]),
      tf.tensor3d(x, [N, H, C]),
      tf.tensor2d(s, [E, H]),
      tf.tensor2d(z, [N, C]),
      tf.tensor3d(r, [N, H, C]),
    ];
    const layer = (a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(edgeAggregate(edgeSoftmax(a as tf.Tensor2D, td, N), b as tf.Tensor3D, ts, td, N), tr));
    const grads = tf.grads(layer)([tsc, tx]);
    const dotGrad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(pairDot(t as tf.Tensor2D, ts, td), tf.range(0, E))))(tz);
    const gathered = tf.gather(tf.reshape(tx, [N, H * C]), ts);
    const gatherGrad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, td), tf.reshape(tw, [E, H]).sum(1, true))))(
      tf.reshape(tx, [N, H * C]),
    );
    const outs = [
      edgeAggregate(tw, tx, ts, td, N),
      edgeSoftmax(tsc, td, N),
      ...grads,
      pairDot(tz, ts, td),
      dotGrad,
      gathered,
      gatherGrad,
    ];
    return outs.map((t) => t.dataSync() as Float32Array);
  });
}

// Hashes of everything() at 1 thread, from the kernels before ∂scores became two passes.
const BEFORE_HASHES = [
  '045931dac12d',
  'a366d972219e',
  '80c19566765f',
  '1a477f5e833e',
  '8618ead24137',
  'b59d9c0cfbbf',
  'e79d88307923',
  'e1077f0f21b0',
];
const BEFORE: Record<string, string[]> = { cpu: BEFORE_HASHES, wasm: BEFORE_HASHES };

for (const backend of ['cpu', 'wasm']) {
  describe(`kernels across thread counts on ${backend}`, () => {
    before(async () => {
      registerPinlabKernels();
      assert.ok(await tf.setBackend(backend));
      await tf.ready();
    });

    it('1, 2 and 3 threads give bit-identical results for every kernel and gradient', () => {
      const one = withThreads(1, everything);
      for (const t of [2, 3]) {
        const many = withThreads(t, everything);
        assert.equal(many.length, one.length);
        many.forEach((a, k) =>
          assert.deepEqual(
            Buffer.from(a.buffer, a.byteOffset, a.byteLength),
            Buffer.from(one[k].buffer, one[k].byteOffset, one[k].byteLength),
            `output ${k} at ${t} threads`,
          ),
        );
      }
      // Repeated runs at a fixed thread count agree too.
      const again = withThreads(2, everything);
      again.forEach((a, k) => assert.deepEqual(a, withThreads(2, everything)[k]));
    });

    it('1 thread gives the bits the kernels gave before ∂scores became two passes', () => {
      const hash = (a: Float32Array) =>
        createHash('sha256')
          .update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength))
          .digest('hex')
          .slice(0, 12);
      assert.deepEqual(withThreads(1, everything).map(hash), BEFORE[backend]);
    });

    it('fewer nodes than chunks (empty chunks) still give the 1-thread bits', () => {
      // 2 nodes at 3 threads: edge aggregate's chunks are [0, 1), [1, 1) and [1, 2).
      const n = 2;
      const u = ints(200, n),
        v = ints(200, n),
        zs = floats(n * C),
        gs = floats(200);
      const run = () =>
        tf.tidy(() => {
          const dz = tf.engine().runKernel('PinlabPairDotGrad', {
            dy: tf.tensor1d(gs),
            z: tf.tensor2d(zs, [n, C]),
            u: tf.tensor1d(u, 'int32'),
            v: tf.tensor1d(v, 'int32'),
          }) as tf.Tensor;
          const agg = edgeAggregate(
            tf.tensor2d(gs, [200, 1]),
            tf.tensor3d(zs, [n, 1, C]),
            tf.tensor1d(u, 'int32'),
            tf.tensor1d(v, 'int32'),
            n,
          );
          return [dz.dataSync() as Float32Array, agg.dataSync() as Float32Array];
        });
      const one = withThreads(1, run);
      assert.ok(one[0].some((a) => a !== 0));
      for (const t of [2, 3]) assert.deepEqual(withThreads(t, run), one, `${t} threads`);
    });

    it('an out-of-range index found by any thread throws PinlabInputError naming field and edge', () => {
      const bad = Int32Array.from(dst);
      bad[E - 7] = N + 4;
      for (const t of [1, 2]) {
        assert.throws(
          () =>
            withThreads(t, () =>
              tf.tidy(() =>
                edgeAggregate(
                  tf.tensor2d(w, [E, H]),
                  tf.tensor3d(x, [N, H, C]),
                  tf.tensor1d(src, 'int32'),
                  tf.tensor1d(bad, 'int32'),
                  N,
                ).dataSync(),
              ),
            ),
          (e: unknown) => e instanceof PinlabInputError && e.field === 'dst' && e.index === E - 7,
        );
      }
    });
  });
}
