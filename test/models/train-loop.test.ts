import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { splitFromText } from '../../lib/data/gowalla';
import { loadCheckpoint } from '../../lib/models/checkpoint';
import { MfBpr } from '../../lib/models/mf-bpr';
import { trainRecommender } from '../../lib/models/train-loop';
import { Rng } from '../../lib/random/rng';

const split = splitFromText('0 0 1 2\n1 1 3\n2 4 5 0\n3 2 6\n4 3 5 6 1\n', '0 3\n1 5\n2 1\n3 4\n4 0\n');

test('a run interrupted after 2 epochs and resumed from its checkpoint equals the uninterrupted run', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-ckpt-'));
  const file = path.join(dir, 'mf.ckpt');
  const straight = new MfBpr(split, new Rng(1), { dim: 4 });
  const a = trainRecommender(straight, split, { seed: 5, maxEpochs: 4, evalEvery: 2, ks: [2] });

  trainRecommender(new MfBpr(split, new Rng(1), { dim: 4 }), split, { seed: 5, maxEpochs: 2, evalEvery: 2, ks: [2], checkpointFile: file });
  assert.equal(loadCheckpoint(file)?.meta.epoch, 2);
  // A fresh process would rebuild the model from scratch (different init seed) and restore it.
  const resumed = new MfBpr(split, new Rng(99), { dim: 4 });
  const b = trainRecommender(resumed, split, { seed: 5, maxEpochs: 4, evalEvery: 2, ks: [2], checkpointFile: file });

  assert.deepEqual(resumed.user, straight.user);
  assert.deepEqual(resumed.item, straight.item);
  assert.equal(b.epochs, 4);
  assert.deepEqual(b.curve.map((p) => p.loss), a.curve.map((p) => p.loss));
  assert.deepEqual(b.final, a.final);
  fs.rmSync(dir, { recursive: true });
});
