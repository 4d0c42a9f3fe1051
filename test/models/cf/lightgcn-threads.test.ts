import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { splitFromText } from '../../../lib/data/datasets/gowalla';
import { LightGcn } from '../../../lib/models/cf/lightgcn';
import { spmm, sharedMatrix, normalizedBipartite } from '../../../lib/linalg/bipartite';
import { sharedFloats } from '../../../lib/parallel';
import { withThreads } from '../../support/threads';

import { Rng } from '../../../lib/random/rng';

// 2 000 users × 3 000 items, ~10 items each: enough rows for spmm to go to the pool.
const rng = new Rng(3);
const lines: string[] = [];
for (let u = 0; u < 2000; u++)
  lines.push([u, ...new Set(Array.from({ length: 1 + rng.int(20) }, () => rng.int(3000)))].join(' '));
const split = splitFromText(`${lines.join('\n')}\n2000 2999\n`, '0 1\n');

test('spmm on shared arrays equals the single-threaded product bit for bit', () => {
  const m = sharedMatrix(normalizedBipartite(split.train, split.numItems).byUser);
  const x = sharedFloats(m.cols * 64);
  for (let k = 0; k < x.length; k++) x[k] = rng.normal();
  const run = (t: number) =>
    withThreads(t, () => {
      const out = sharedFloats(m.rows * 64).fill(1);
      spmm(m, x, 64, out, true);
      return out;
    });
  const one = run(1);
  assert.ok(one.some((v) => v !== 1));
  for (const t of [2, 3]) assert.deepEqual(run(t), one);
});

test('LightGCN: one seed gives the same epochs bit for bit at 1, 2 and 3 threads', () => {
  const train = (t: number) =>
    withThreads(t, () => {
      const lg = new LightGcn(split, new Rng(7), { dim: 16, layers: 2, batchSize: 4096, lr: 0.01 });
      const losses = [lg.trainEpoch(new Rng(8)), lg.trainEpoch(new Rng(9))];
      return { losses, ego: Float32Array.from(lg.ego) };
    });
  const one = train(1);
  assert.ok(one.losses[1] < one.losses[0], 'training lowers the loss');
  for (const t of [2, 3]) assert.deepEqual(train(t), one);
});

test('LightGCN: two epochs give the bits of the code before Adam and the layer sums went on the pool', () => {
  // Hashes of E⁰, Adam's moments and the final embeddings after two epochs, from the single-threaded
  // code before the elementwise passes went on the pool (so recorded PINLAB_THREADS=1 results stand).
  const hash = (a: Float32Array) =>
    createHash('sha256')
      .update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength))
      .digest('hex')
      .slice(0, 16);
  const before = {
    losses: [0.6901327612895938, 0.685308137142243],
    ego: '5faecc8374aaa53d',
    m: 'd3717b585fae839a',
    v: '9b48ab4a023e7411',
    emb: '7b1f5aa802a58826',
  };
  for (const t of [1, 2]) {
    const got = withThreads(t, () => {
      const lg = new LightGcn(split, new Rng(7), { dim: 16, layers: 2, batchSize: 4096, lr: 0.01 });
      const losses = [lg.trainEpoch(new Rng(8)), lg.trainEpoch(new Rng(9))];
      return { losses, ego: hash(lg.ego), m: hash(lg.adam.m), v: hash(lg.adam.v), emb: hash(lg.embeddings()) };
    });
    assert.deepEqual(got, before, `${t} threads`);
  }
});
