import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { chooseBackend } from '../../../lib/tf';
import { generateWorld } from '../../../lib/data/world/generate';
import { temporalLinkSplit } from '../../../lib/graph/split';
import { LinkModel } from '../../../lib/models/gnn/link-model';
import { LinkModelScores } from '../../../lib/models/gnn/link-scores';
import { RelevanceLinkPredictor } from '../../../lib/nn/link-predictor';
import { adRelevanceCacheFile, trainAdRelevanceCached } from '../../../lib/experiments/ad-relevance/cache';
import { messageGraph } from '../../../lib/nn/message-graph';
import { rocAuc } from '../../../lib/metrics/classification';
import { Rng } from '../../../lib/random/rng';
import { assertClose, randn } from '../../tf/reference';

describe('link-model scores for full ranking', () => {
  before(async () => {
    await chooseBackend({ log: () => {} });
  });

  for (const hidden of [0, 6]) {
    it(`blockLogits equals logits on every (user, item) pair (decoder hidden ${hidden})`, () => {
      const dec = new RelevanceLinkPredictor(5, hidden, new Rng(1));
      for (const v of Object.values(dec.variables()))
        v.assign(tf.tensor(Float32Array.from(randn(new Rng(2).fork(v.name), v.size)), v.shape));
      const m = 3,
        n = 7;
      const zu = tf.tensor2d(Float32Array.from(randn(new Rng(3), m * 5)), [m, 5]);
      const za = tf.tensor2d(Float32Array.from(randn(new Rng(4), n * 5)), [n, 5]);
      const block = dec.blockLogits(zu, za).arraySync();
      const z = tf.concat([zu, za], 0) as tf.Tensor2D;
      const users = tf.tensor1d(
        Int32Array.from({ length: m * n }, (_, p) => Math.floor(p / n)),
        'int32',
      );
      const items = tf.tensor1d(
        Int32Array.from({ length: m * n }, (_, p) => m + (p % n)),
        'int32',
      );
      const pairs = dec.logits(z, users, items).dataSync();
      assertClose(Float32Array.from(block.flat()), pairs, 1e-5, 'block logits');
    });
  }

  it('scores blocks of users against every item as the model predicts pairs, and pairScores agree', () => {
    const U = 4,
      I = 6,
      N = U + I + 1; // one extra node after the items (e.g. a category)
    const src = Int32Array.from([0, 1, 2, 3, 0, 4, 5, 6, 7, 8, 9, 10]);
    const dst = Int32Array.from([4, 5, 6, 7, 8, 9, 10, 10, 10, 0, 1, 2]);
    const task = {
      features: tf.tensor2d(Float32Array.from(randn(new Rng(5), N * 3)), [N, 3]),
      graph: messageGraph(src, dst, N),
    };
    const model = new LinkModel({ inChannels: 3, hidden: 8, out: 4, decoderHidden: 5 }, new Rng(6));
    const scores = new LinkModelScores(model, task, U, U, I, 3);
    const out = new Float32Array(2 * I);
    scores.scoreBlock(Int32Array.from([3, 1]), out);
    const p = model.predict(task, {
      src: Int32Array.from({ length: 2 * I }, (_, k) => (k < I ? 3 : 1)),
      dst: Int32Array.from({ length: 2 * I }, (_, k) => U + (k % I)),
    });
    assertClose(
      Float32Array.from(out, (x) => 1 / (1 + Math.exp(-x))),
      p,
      1e-5,
      'P(link)',
    );
    const pair = scores.pairScores([1, 3], [2, 5]);
    assert.ok(Math.abs(pair[0] - out[I + 2]) < 1e-5 && Math.abs(pair[1] - out[5]) < 1e-5);
    assert.throws(() => scores.scoreBlock(Int32Array.from([U]), new Float32Array(I)), /users/);
    scores.dispose();
  });

  it('caches the trained model under a hash of world, split and options: a second call loads it', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-adrel-'));
    const world = generateWorld({ seed: 3, scale: 0.03 });
    const split = temporalLinkSplit(world, { pool: 'all', seed: 3 });
    const o = { seed: 5, maxEpochs: 3 };
    const epochs: number[] = [];
    const a = await trainAdRelevanceCached(world, split, { ...o, onEpoch: (e) => epochs.push(e.epoch) }, root);
    const b = await trainAdRelevanceCached(world, split, o, root);
    assert.equal(a.cache.state, 'built');
    assert.equal(b.cache.state, 'hit');
    assert.equal(a.cache.file, b.cache.file);
    assert.deepEqual(epochs, [1, 2, 3]);
    assert.deepEqual(b.result, JSON.parse(JSON.stringify(a.result)));
    // A damaged cache file is trained over (the same seed gives the same run), not a dead end.
    const bytes = fs.readFileSync(a.cache.file);
    bytes[bytes.length - 5] ^= 0x10;
    fs.writeFileSync(a.cache.file, bytes);
    const c = await trainAdRelevanceCached(world, split, o, root);
    assert.equal(c.cache.state, 'rebuilt');
    assert.match(c.cache.reason!, /SHA-256/);
    assert.deepEqual(
      c.result.history.map((h) => h.loss),
      a.result.history.map((h) => h.loss),
    );
    assert.equal((await trainAdRelevanceCached(world, split, o, root)).cache.state, 'hit');
    const pa = a.model.predict(a.data.task, a.data.task.test!);
    assertClose(b.model.predict(b.data.task, b.data.task.test!), pa, 1e-6, 'cached predictions');
    assert.ok(Math.abs(rocAuc(pa, a.data.task.test!.label) - a.result.testAuc!) < 1e-12);
    // Any input that changes the model changes the key.
    const other = temporalLinkSplit(world, { pool: 'ad', seed: 3 });
    const keys = new Set([
      adRelevanceCacheFile(world, split, o, root),
      adRelevanceCacheFile(world, other, o, root),
      adRelevanceCacheFile(world, split, { ...o, seed: 6 }, root),
      adRelevanceCacheFile(world, split, { ...o, maxEpochs: 4 }, root),
      adRelevanceCacheFile(generateWorld({ seed: 4, scale: 0.03 }), split, o, root),
    ]);
    assert.equal(keys.size, 5);
  });
});
