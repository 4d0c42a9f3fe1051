import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { chooseBackend } from '../../../lib/tf';
import { LinkModel, LinkTask, trainLinkPredictor } from '../../../lib/models/gnn/link-model';
import { bothDirections, randomLinkSplit, sampleNonEdges } from '../../../lib/data/link-split';
import { checkpointHandler, loadModule } from '../../../lib/io/tf-weights';
import { messageGraph } from '../../../lib/nn/message-graph';
import { Rng } from '../../../lib/random/rng';

/**
 * Planted partition: 10 communities of 40, p_in = 0.2, p_out = 0.0005; features = noisy community
 * one-hot. Ranking every same-community pair above every other pair scores AUC ≈ 0.94 here
 * (98% of edges are within a community, 10% of random non-edges are too).
 */
function plantedTask(seed: number): LinkTask {
  const rng = new Rng(seed);
  const N = 400;
  const comm = Int32Array.from({ length: N }, (_, i) => i % 10);
  const src: number[] = [];
  const dst: number[] = [];
  for (let u = 0; u < N; u++)
    for (let v = u + 1; v < N; v++) {
      if (rng.next() < (comm[u] === comm[v] ? 0.2 : 0.0005)) {
        src.push(u);
        dst.push(v);
      }
    }
  const split = randomLinkSplit(Int32Array.from(src), Int32Array.from(dst), N, rng.fork('split'));
  const mp = bothDirections(split.train);
  const x = new Float32Array(N * 10);
  for (let i = 0; i < N; i++) for (let k = 0; k < 10; k++) x[i * 10 + k] = (k === comm[i] ? 1 : 0) + 0.8 * rng.normal();
  return {
    features: tf.tensor2d(x, [N, 10]),
    graph: messageGraph(mp.src, mp.dst, N),
    edges: { src: mp.src, dst: mp.dst },
    trainPositives: split.train,
    val: split.val,
    test: split.test,
    sampleNegatives: (r, count) => sampleNonEdges(r, N, count, split.trainKeys),
  };
}

describe('link prediction training', () => {
  before(async () => {
    await chooseBackend({ log: () => {} });
  });

  it('learns a planted partition (test AUC > 0.85), reproducibly from one seed, and checkpoints round-trip', async () => {
    const task = plantedTask(1);
    const run = async (file?: string) => {
      const model = new LinkModel({ inChannels: 10, hidden: 16, out: 8, heads: 2 }, new Rng(7));
      const epochs: number[] = [];
      const res = await trainLinkPredictor(model, task, {
        seed: 3,
        maxEpochs: 80,
        learningRate: 0.01,
        patience: 30,
        checkpointFile: file,
        onEpoch: (e) => epochs.push(e.epoch),
      });
      return { model, res, epochs };
    };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-gat-'));
    const file = path.join(dir, 'best.ckpt');
    const a = await run(file);
    const b = await run();
    assert.ok(a.res.testAuc! > 0.85, `test AUC ${a.res.testAuc}`);
    assert.ok(a.res.history[0].loss > a.res.history[a.res.history.length - 1].loss, 'loss decreases');
    assert.deepEqual(
      a.epochs,
      a.res.history.map((h) => h.epoch),
    );
    assert.deepEqual(
      a.res.history.map((h) => h.loss),
      b.res.history.map((h) => h.loss),
      'same seed, same run',
    );
    assert.equal(a.res.testAuc, b.res.testAuc);
    // A fresh, differently initialised model loaded from the checkpoint predicts exactly like the trained one.
    const fresh = new LinkModel({ inChannels: 10, hidden: 16, out: 8, heads: 2 }, new Rng(99));
    const meta = await loadModule(fresh, checkpointHandler(file));
    assert.equal(meta.bestEpoch, a.res.bestEpoch);
    assert.deepEqual(Array.from(fresh.predict(task, task.test!)), Array.from(a.model.predict(task, task.test!)));
    assert.deepEqual(fs.readdirSync(dir), ['best.ckpt'], 'no temp files left');
  });

  it('GAE (GCN encoder, full-adjacency loss, last epoch) learns the planted partition far above chance', async () => {
    const task = plantedTask(2);
    const model = new LinkModel({ inChannels: 10, hidden: 16, out: 8, kind: 'gcn', activation: 'relu' }, new Rng(4));
    const res = await trainLinkPredictor(model, task, {
      seed: 5,
      maxEpochs: 60,
      learningRate: 0.01,
      objective: 'adjacency',
      selectOnValidation: false,
    });
    // Chance is AUC 0.5; ranking same-community pairs first scores ≈ 0.94 (see plantedTask).
    assert.ok(res.testAuc! > 0.85 && res.testAp! > 0.8, `test AUC ${res.testAuc}, AP ${res.testAp}`);
    assert.equal(res.history.length, 60, 'no early stopping');
    assert.equal(res.bestEpoch, 60, 'the last epoch is kept');
    assert.ok(res.history[0].loss > res.history[59].loss, 'loss decreases');
    // The loss is GAE's: at initialisation a near-zero-logit model's is ≈ norm · ln 2 · (1 + posWeight · P/N²), O(1).
    assert.ok(res.history[0].loss > 0.3 && res.history[0].loss < 3, `first loss ${res.history[0].loss}`);
    const mlp = new LinkModel({ inChannels: 10, kind: 'gcn', decoderHidden: 4 }, new Rng(1));
    await assert.rejects(
      trainLinkPredictor(mlp, task, { seed: 1, maxEpochs: 1, objective: 'adjacency' }),
      /inner-product decoder/,
    );
  });

  it('mini-batch on sampled neighbourhoods learns the planted partition too, reproducibly', async () => {
    const task = plantedTask(1);
    const run = async () => {
      const model = new LinkModel({ inChannels: 10, hidden: 16, out: 8, heads: 2 }, new Rng(7));
      return trainLinkPredictor(model, task, {
        seed: 3,
        maxEpochs: 15,
        learningRate: 0.01,
        patience: 10,
        miniBatch: { batchSize: 256, fanout: [5, 5] },
      });
    };
    const a = await run();
    const b = await run();
    assert.ok(a.testAuc! > 0.85, `test AUC ${a.testAuc}`);
    assert.ok(a.history[0].loss > a.history[a.history.length - 1].loss, 'loss decreases');
    assert.deepEqual(
      a.history.map((h) => h.loss),
      b.history.map((h) => h.loss),
      'same seed, same run',
    );
  });

  it('mini-batch training refuses a task without edge arrays or a fan-out per layer', async () => {
    const { edges: _, ...task } = plantedTask(2);
    const model = new LinkModel({ inChannels: 10, hidden: 16, out: 8 }, new Rng(7));
    const fields: string[] = [];
    for (const [t, fanout] of [
      [task, [5, 5]],
      [plantedTask(2), [5]],
    ] as const) {
      await trainLinkPredictor(model, t, { seed: 1, maxEpochs: 1, miniBatch: { batchSize: 8, fanout } }).catch(
        (e: { field: string }) => fields.push(e.field),
      );
    }
    assert.deepEqual(fields, ['task.edges', 'miniBatch.fanout']);
  });
});
