import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { chooseBackend } from '../../../lib/tf/backend';
import { generateWorld } from '../../../lib/data/world/generate';
import { PinlabInputError } from '../../../lib/errors';
import { Rng } from '../../../lib/random/rng';
import { FeatureStore } from '../../../lib/features/feature-store';
import { EventSequences } from '../../../lib/models/retrieval/event-sequences';
import { sinusoidalPositions } from '../../../lib/nn/transformer-encoder';
import { SequentialTwoTower } from '../../../lib/models/retrieval/two-tower';
import {
  allocateBatch,
  engagementRows,
  fillBatch,
  logSamplingProbability,
  trainTwoTower,
} from '../../../lib/models/retrieval/two-tower-train';
import { RequestTimeQueryEncoder } from '../../../lib/models/retrieval/two-tower-serving';
import { trainTwoTowerCached } from '../../../lib/models/retrieval/two-tower-cache';

const world = generateWorld({ scale: 0.01, seed: 21 });
const H = world.horizon;
const tiny = { seqLength: 6, dModel: 8, heads: 2, layers: 2, ffn: 12, queryHidden: 10, outDim: 6 };

before(async () => {
  await chooseBackend({ log: () => {} });
});

describe('EventSequences', () => {
  it('holds the L most recent engagements before τ, left-padded, and marks an empty history', () => {
    const seq = new EventSequences(world, 4);
    const { interactions: x } = world;
    const u = x.user[x.count - 1];
    const tau = 0.6 * H;
    const engaged: number[] = [];
    for (let r = 0; r < x.count; r++)
      if (x.user[r] === u && x.outcome[r] !== 0 && x.time[r] < tau) engaged.push(x.item[r]);
    const want = engaged.slice(-4);
    const out = new Int32Array(4);
    seq.write(u, tau, out, 0);
    assert.deepEqual(Array.from(out), [...new Array(4 - want.length).fill(seq.padToken), ...want]);
    seq.write(u, 0, out, 0);
    assert.deepEqual(Array.from(out), [seq.padToken, seq.padToken, seq.padToken, seq.emptyToken]);
    assert.equal(seq.vocab, world.items.count + 2);
  });
});

describe('sinusoidalPositions', () => {
  it('matches sin/cos of p / 10000^(i/D)', () => {
    const pe = sinusoidalPositions(3, 4);
    assert.ok(Math.abs(pe[2 * 4 + 0] - Math.sin(2)) < 1e-7);
    assert.ok(Math.abs(pe[2 * 4 + 1] - Math.cos(2)) < 1e-7);
    assert.ok(Math.abs(pe[1 * 4 + 2] - Math.sin(1 / 100)) < 1e-7);
  });
});

describe('TransformerEncoder (inside SequentialTwoTower)', () => {
  it('gives [B, L, D] states; padding keys get no attention, real tokens do', () => {
    const m = new SequentialTwoTower(world, { useContext: true, ...tiny }, 1);
    const seq = m.sequences;
    const L = tiny.seqLength;
    const tokens = tf.tensor2d([seq.padToken, seq.padToken, 3, 7, 9, 11, seq.padToken, 1, 2, 3, 4, 5], [2, L], 'int32');
    const before = m.encoder.forward(tokens);
    assert.deepEqual(before.shape, [2, L, tiny.dModel]);
    const emb = m.encoder.tokenEmbedding;
    const saved = emb.clone();
    // Perturb the padding token's embedding: outputs at real positions must not move.
    // A non-constant bump (LayerNorm would cancel a shift of every coordinate).
    const bump = (row: number) =>
      tf.tidy(() => {
        const delta = tf.buffer([seq.vocab, tiny.dModel]);
        for (let d = 0; d < tiny.dModel; d++) delta.set(d % 2 ? 3 : -2 * d, row, d);
        return tf.add(saved, delta.toTensor());
      });
    emb.assign(bump(seq.padToken));
    const padded = m.encoder.forward(tokens);
    const realDiff = tf.tidy(
      () =>
        tf
          .max(tf.abs(tf.sub(before.slice([0, 2, 0], [2, L - 2, -1]), padded.slice([0, 2, 0], [2, L - 2, -1]))))
          .dataSync()[0],
    );
    assert.ok(realDiff < 1e-4, `real positions moved by ${realDiff}`);
    // Perturb a real token (item 3, in both rows): the last position of each row changes.
    emb.assign(bump(3));
    const moved = m.encoder.encodeLast(tokens);
    const lastBefore = before.slice([0, L - 1, 0], [2, 1, -1]).reshape([2, tiny.dModel]);
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(lastBefore, moved)), 1).dataSync());
    assert.ok(diff[0] > 1e-3 && diff[1] > 1e-3, `last states moved by ${Array.from(diff)}`);
    emb.assign(saved);
    m.dispose();
  });

  it("takes the official SASRec's encoder details by name, and refuses an unknown name naming the field", () => {
    const official = new SequentialTwoTower(world, { useContext: true, ...tiny, encoder: 'official-sasrec' }, 1);
    const plain = new SequentialTwoTower(world, { useContext: true, ...tiny }, 1);
    assert.deepEqual(
      [
        official.encoder.config.scaleEmbedding,
        official.encoder.config.zeroPadding,
        official.encoder.config.block,
        official.encoder.config.init,
      ],
      [true, true, 'sasrec', 'glorot'],
    );
    assert.deepEqual([plain.encoder.config.block, plain.encoder.config.init], [undefined, undefined]);
    const tokens = tf.tensor2d([[official.sequences.padToken, 3, 5, 7, 9, 11]], [1, 6], 'int32');
    const [a, b] = [official, plain].map((m) => m.encoder.encodeLast(tokens).arraySync());
    assert.notDeepEqual(a, b);
    tokens.dispose();
    official.dispose();
    plain.dispose();
    assert.throws(
      () => new SequentialTwoTower(world, { useContext: true, ...tiny, encoder: 'post-ln' as never }, 1),
      (e: unknown) =>
        e instanceof PinlabInputError && e.field === 'encoder' && /pre-ln, official-sasrec/.test(e.message),
    );
  });

  it('rejects heads that do not divide dModel', () => {
    assert.throws(
      () => new SequentialTwoTower(world, { useContext: true, ...tiny, heads: 3 }, 1),
      (e: unknown) => e instanceof PinlabInputError && e.field === 'heads',
    );
  });
});

describe('SequentialTwoTower loss', () => {
  for (const encoder of ['pre-ln', 'official-sasrec'] as const)
    it(`has TF.js gradients matching central finite differences (${encoder} encoder)`, () => {
      const m = new SequentialTwoTower(world, { useContext: true, ...tiny, encoder }, 2);
      const rows = engagementRows(world, 0, 0.75 * H);
      const logQ = logSamplingProbability(m, rows);
      const batch = allocateBatch(m, 8);
      fillBatch(m, rows.subarray(0, 8), batch, new Rng(1));
      const vars = [m.qW1, m.encoder.blocks[0].wq, m.encoder.tokenEmbedding, m.itemW];
      const { grads } = tf.variableGrads(() => m.loss(batch, logQ), vars);
      const h = 3e-3;
      let checked = 0;
      for (const v of vars) {
        const g = grads[v.name].dataSync();
        const base = v.dataSync().slice() as Float32Array;
        // The largest gradient entries: finite differences in float32 are only meaningful there.
        const idx = Array.from(g.keys())
          .sort((a, b) => Math.abs(g[b]) - Math.abs(g[a]))
          .slice(0, 2);
        for (const k of idx) {
          const at = (delta: number) => {
            const w = base.slice();
            w[k] += delta;
            v.assign(tf.tensor(w, v.shape));
            const l = m.loss(batch, logQ);
            const val = l.dataSync()[0];
            l.dispose();
            return val;
          };
          const numeric = (at(h) - at(-h)) / (2 * h);
          v.assign(tf.tensor(base, v.shape));
          assert.ok(
            Math.abs(numeric - g[k]) < 0.05 * Math.abs(g[k]) + 2e-3,
            `${v.name}[${k}]: numeric ${numeric} vs analytic ${g[k]}`,
          );
          checked++;
        }
      }
      assert.equal(checked, 8);
      tf.dispose(grads);
      m.dispose();
    });

  it('log Q is the log of each target item’s training share', () => {
    const m = new SequentialTwoTower(world, { useContext: false, ...tiny }, 3);
    const rows = engagementRows(world, 0, H);
    const logQ = logSamplingProbability(m, rows);
    // Each engaged item's count among the training rows, tallied independently of the library.
    const counts = new Map<number, number>();
    for (const r of rows) counts.set(world.interactions.item[r], (counts.get(world.interactions.item[r]) ?? 0) + 1);
    for (let i = 0; i < logQ.length; i++) {
      const c = counts.get(i);
      if (c === undefined) assert.equal(logQ[i], 0, `item ${i} never engaged`);
      else
        assert.ok(
          Math.abs(Math.exp(logQ[i]) - c / rows.length) < 1e-6 * (1 + c / rows.length),
          `item ${i}: Q ${Math.exp(logQ[i])} vs share ${c / rows.length}`,
        );
    }
    // Popular items are sampled far more often than rare ones: a uniform Q would not be log-Q.
    const shares = [...counts.values()];
    assert.ok(
      Math.max(...shares) >= 5 * Math.min(...shares),
      `training counts ${Math.min(...shares)}…${Math.max(...shares)}`,
    );
    m.dispose();
  });
});

describe('training, the feature store and request-time serving', () => {
  it('lowers the loss; the stored snapshot + request-time MLP equals the in-graph query', () => {
    const m = new SequentialTwoTower(world, { useContext: true, ...tiny }, 4);
    const r = trainTwoTower(m, { seed: 1, from: 0, to: 0.75 * H, epochs: 3, batch: 32, lr: 0.01 });
    assert.ok(r.epochLoss[2] < r.epochLoss[0], r.epochLoss.join(' '));
    const store = new FeatureStore(m.name, world.users.count, m.dModel);
    const q = { user: 5, time: 0.8 * H + 100, contextItem: world.sessions.contextItem.find((c) => c >= 0) as number };
    const v = m.versionAt(q.time);
    m.writeSnapshots(store, [v - 1, v]);
    const enc = new RequestTimeQueryEncoder(m, store);
    const served = new Float32Array(m.outDim);
    enc.encode(q, served);
    const tokens = new Int32Array(m.seqLength);
    m.sequences.write(q.user, v * m.snapshotSeconds, tokens, 0);
    const inGraph = tf.tidy(() =>
      m
        .query(
          m.encoder.encodeLast(tf.tensor2d(tokens, [1, m.seqLength], 'int32')),
          tf.tensor1d([world.users.ageGroup[q.user]], 'int32'),
          tf.tensor1d([m.contextToken(q.contextItem)], 'int32'),
        )
        .dataSync(),
    );
    for (let k = 0; k < m.outDim; k++)
      assert.ok(Math.abs(served[k] - inGraph[k]) < 1e-4, `${k}: ${served[k]} vs ${inGraph[k]}`);
    // A different context changes the contextual query.
    const other = new Float32Array(m.outDim);
    enc.encode({ ...q, contextItem: -1 }, other);
    assert.ok(served.some((s, k) => Math.abs(s - other[k]) > 1e-3));
    m.dispose();
  });
});

describe('FeatureStore', () => {
  it('serves the latest version at or before a request, persists atomically and refuses overwrites', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-fs-'));
    const store = new FeatureStore('h', 3, 2, dir);
    store.put(2, Float32Array.from([1, 2, 3, 4, 5, 6]));
    store.put(5, Float32Array.from([7, 8, 9, 10, 11, 12]));
    assert.deepEqual(store.list(), [2, 5]);
    assert.equal(store.latestAtOrBefore(4), 2);
    assert.equal(store.latestAtOrBefore(9), 5);
    assert.equal(store.latestAtOrBefore(1), -1);
    const out = new Float32Array(2);
    store.read(1, 5, out);
    assert.deepEqual(Array.from(out), [9, 10]);
    assert.throws(
      () => store.put(2, new Float32Array(6)),
      (e: unknown) => e instanceof PinlabInputError && e.field === 'version',
    );
    assert.throws(
      () => store.put(3, Float32Array.from([1, 2, 3, NaN, 5, 6])),
      (e: unknown) => e instanceof PinlabInputError && e.field === 'values' && e.index === 3,
    );
    assert.throws(
      () => store.read(3, 2, out),
      (e: unknown) => e instanceof PinlabInputError && e.field === 'user',
    );
    assert.deepEqual(fs.readdirSync(dir).sort(), ['v2.bin', 'v5.bin']);
    const reopened = new FeatureStore('h', 3, 2, dir);
    reopened.read(0, 2, out);
    assert.deepEqual(Array.from(out), [1, 2]);
    assert.throws(
      () => new FeatureStore('h', 4, 2, dir),
      (e: unknown) => e instanceof PinlabInputError && e.field === 'dir',
    );
    fs.rmSync(dir, { recursive: true });
  });
});

describe('trainTwoTowerCached', () => {
  it('trains once, then loads the same weights and record; another seed is another entry', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-two-tower-cache-'));
    const opts = { ...tiny, useContext: true };
    const training = { seed: 3, from: 0, to: 0.5 * H, epochs: 1, batch: 32 };
    const build = () => new SequentialTwoTower(world, opts, 4);
    const items = Int32Array.from({ length: 20 }, (_, i) => i);
    const a = build();
    const first = trainTwoTowerCached(world, a, opts, training, 4, root);
    const b = build();
    const again = trainTwoTowerCached(world, b, opts, training, 4, root);
    assert.equal(first.cache.state, 'built');
    assert.equal(again.cache.state, 'hit');
    assert.equal(again.cache.file, first.cache.file);
    assert.deepEqual(again.result, first.result);
    assert.deepEqual(
      Array.from(b.itemEmbeddings(items)),
      Array.from(a.itemEmbeddings(items)),
      'loaded weights embed exactly like the trained ones',
    );
    assert.notDeepEqual(
      Array.from(build().itemEmbeddings(items)),
      Array.from(a.itemEmbeddings(items)),
      'training changed the weights',
    );
    const other = trainTwoTowerCached(world, build(), opts, { ...training, seed: 5 }, 4, root);
    assert.equal(other.cache.state, 'built');
    assert.notEqual(other.cache.file, first.cache.file);
    // A damaged file is retrained over, with the reason.
    fs.writeFileSync(first.cache.file, 'not a checkpoint');
    const rebuilt = trainTwoTowerCached(world, build(), opts, training, 4, root);
    assert.equal(rebuilt.cache.state, 'rebuilt');
    assert.match(rebuilt.cache.reason ?? '', /checkpoint|magic|bytes/i);
    assert.deepEqual(rebuilt.result.epochLoss, first.result.epochLoss, 'retraining reproduces the run');
  });
});
