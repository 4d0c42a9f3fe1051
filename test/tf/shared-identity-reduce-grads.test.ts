import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerPinlabKernels } from '../../lib/tf';
import { Rng } from '../../lib/random/rng';
import { randn } from './reference';

const bits = (t: tf.Tensor) => Array.from(new Uint32Array(Float32Array.from(t.dataSync() as Float32Array).buffer));

describe('wasm Identity shares the buffer', () => {
  before(async () => {
    registerPinlabKernels();
    assert.ok(await tf.setBackend('wasm'));
  });

  it('a clone keeps its values after the original is disposed, and both free the buffer', () => {
    const before = tf.memory().numTensors;
    const ids = () => (tf.backend() as unknown as { numDataIds(): number }).numDataIds();
    const idsBefore = ids();
    const x = tf.tensor2d([1, -2, 3.5, -0, 5, 6], [3, 2]);
    const y = tf.clone(x);
    assert.deepEqual(y.shape, [3, 2]);
    x.dispose();
    assert.deepEqual(Array.from(y.dataSync()), [1, -2, 3.5, -0, 5, 6]);
    // A new tensor must not reuse the shared buffer while y holds it.
    const z = tf.fill([3, 2], 9);
    assert.deepEqual(Array.from(y.dataSync()), [1, -2, 3.5, -0, 5, 6]);
    tf.dispose([y, z]);
    assert.equal(tf.memory().numTensors, before);
    assert.equal(ids(), idsBefore);
  });

  it('a variable assigned after a clone leaves the clone unchanged', () => {
    const v = tf.variable(tf.tensor1d([1, 2, 3]));
    const c = tf.clone(v);
    v.assign(tf.tensor1d([7, 8, 9]));
    assert.deepEqual(Array.from(c.dataSync()), [1, 2, 3]);
    assert.deepEqual(Array.from(v.dataSync()), [7, 8, 9]);
    tf.dispose([v, c]);
  });
});

/** tfjs's own gradient formula: dy reshaped to keep the reduced axes, times a full ones tensor (÷ n for Mean). */
function stockGrad(dy: tf.Tensor, xShape: number[], axes: number[], mean: boolean): tf.Tensor {
  const shape = xShape.slice();
  for (const a of axes) shape[a] = 1;
  const g = tf.mul(tf.reshape(dy, shape), tf.ones(xShape, 'float32'));
  return mean
    ? tf.div(
        g,
        axes.reduce((p, a) => p * xShape[a], 1),
      )
    : g;
}

for (const backend of ['cpu', 'wasm']) {
  describe(`Sum and Mean gradients without a full ones tensor (${backend})`, () => {
    before(async () => {
      registerPinlabKernels();
      assert.ok(await tf.setBackend(backend));
    });
    const rng = new Rng(11);
    const cases: Array<{ axis: number | number[] | undefined; axes: number[]; keepDims: boolean }> = [
      { axis: -1, axes: [2], keepDims: false },
      { axis: 0, axes: [0], keepDims: false },
      { axis: [0, 2], axes: [0, 2], keepDims: false },
      { axis: 1, axes: [1], keepDims: true },
      { axis: undefined, axes: [0, 1, 2], keepDims: false },
    ];
    for (const { axis, axes, keepDims } of cases) {
      for (const mean of [false, true]) {
        it(`${mean ? 'mean' : 'sum'} over axis ${JSON.stringify(axis)}${keepDims ? ', keepDims' : ''}: bit for bit tfjs's formula`, () => {
          const shape = [5, 3, 4];
          const x = tf.tensor3d(Float32Array.from(randn(rng, 60)), shape as [number, number, number]);
          const outShape = (mean ? tf.mean(x, axis, keepDims) : tf.sum(x, axis, keepDims)).shape;
          const dy = tf.tensor(Float32Array.from(randn(rng, tf.util.sizeFromShape(outShape))), outShape);
          const g = tf.grad((t: tf.Tensor) =>
            tf.mul(mean ? tf.mean(t, axis, keepDims) : tf.sum(t, axis, keepDims), dy).sum(),
          )(x);
          const want = stockGrad(dy, shape, axes, mean);
          assert.deepEqual(g.shape, shape);
          assert.deepEqual(bits(g), bits(want));
          tf.dispose([x, dy, g, want]);
        });
      }
    }
  });
}
