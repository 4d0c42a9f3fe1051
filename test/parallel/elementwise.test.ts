import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { addScaled, ELEMENTWISE_MIN, scaleInto, zero } from '../../lib/linalg/elementwise';
import { Adam } from '../../lib/train/adam';
import { sharedFloats } from '../../lib/parallel';
import { Rng } from '../../lib/random/rng';
import { withThreads } from '../support/threads';

const n = 3 * ELEMENTWISE_MIN + 5;
const hash = (a: Float32Array) =>
  createHash('sha256')
    .update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength))
    .digest('hex')
    .slice(0, 16);

function filled(seed: number, length = n): Float32Array {
  const rng = new Rng(seed);
  const a = sharedFloats(length);
  for (let k = 0; k < length; k++) a[k] = rng.normal();
  return a;
}

test('scaleInto, addScaled and zero on the pool equal the inline loops bit for bit at 1, 2 and 3 threads', () => {
  const x = filled(1);
  const run = (t: number) =>
    withThreads(t, () => {
      const out = sharedFloats(n);
      scaleInto(x, 0.25, out);
      addScaled(out, x, 1 / 3);
      const zeroed = filled(2);
      zero(zeroed);
      return { out, zeroed };
    });
  const want = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    want[k] = x[k] * 0.25;
    want[k] += x[k] * (1 / 3);
  }
  for (const t of [1, 2, 3]) {
    const got = run(t);
    assert.deepEqual(got.out, want, `${t} threads`);
    assert.deepEqual(got.zeroed, new Float32Array(n), `${t} threads`);
  }
});

// Three steps of Adam, the middle one with a prefix learning rate, from fixed data. The hashes are
// those of Adam before it ran on the pool (its plain loop on ordinary arrays, 1 thread).
function adamRun(t: number, onShared: boolean) {
  return withThreads(t, () => {
    const rng = new Rng(5);
    const size = 100_000;
    const p = (onShared ? sharedFloats(size) : new Float32Array(size)).map(() => rng.normal());
    const params = onShared ? sharedFloats(size) : p;
    params.set(p);
    const adam = new Adam(size, 0.01);
    const grad = onShared ? sharedFloats(size) : new Float32Array(size);
    for (let s = 0; s < 3; s++) {
      for (let k = 0; k < size; k++) grad[k] = rng.normal();
      adam.step(params, grad, s === 1 ? { count: 30_000, lr: 0.001 } : undefined);
    }
    return { p: hash(params), m: hash(adam.m), v: hash(adam.v) };
  });
}

test('Adam: the same bits as before the pool, inline and on the pool at 1, 2 and 3 threads', () => {
  const before = { p: '966df7b7cb4cb8a6', m: 'b96a011fa7e92eea', v: '19e0578b8b084218' };
  assert.deepEqual(adamRun(1, false), before);
  for (const t of [1, 2, 3]) assert.deepEqual(adamRun(t, true), before, `${t} threads`);
});
