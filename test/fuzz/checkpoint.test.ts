import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type fc from 'fast-check';
import { splitFromText } from '../../lib/data/datasets/gowalla';
import { loadCheckpoint, readCheckpointMeta } from '../../lib/io/checkpoint';
import { MfBpr } from '../../lib/models/cf/mf-bpr';
import { trainRecommender } from '../../lib/train/train-recommender';
import { Rng } from '../../lib/random/rng';
import { checkpointHeader, resealedHeaderNumber } from '../support/checkpoint-bytes';
import { describeCounts, fuzzFile } from '../support/fuzz-file';
import { byteMutation, type ByteMutation } from '../support/mutate-bytes';

const SEED = 15;
const split = splitFromText('0 0 1 2\n1 1 3\n2 4 5 0\n3 2 6\n4 3 5 6 1\n', '0 3\n1 5\n2 1\n3 4\n4 0\n');
const options = { seed: 5, maxEpochs: 2, ks: [2] };

/** Binary fields (format version, header length), and numbers anywhere in the hashed header. */
const raw = byteMutation({ uint32At: [8, 12], text: checkpointHeader });

test('fuzz: mutated checkpoints load the original or are refused naming the file, never partly restored', async (t) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-fuzz-ckpt-')), 'run.ckpt');
  trainRecommender(new MfBpr(split, new Rng(1), { dim: 4 }), split, { ...options, checkpointFile: file });
  const original = fs.readFileSync(file);
  const readers: [string, () => unknown, fc.Arbitrary<ByteMutation>, number][] = [
    ['loadCheckpoint', () => loadCheckpoint(file), raw, 500],
    ['readCheckpointMeta', () => readCheckpointMeta(file), raw, 300],
    // Shapes and byte lengths in the arrays list, resealed.
    ['loadCheckpoint, resealed header', () => loadCheckpoint(file), resealedHeaderNumber('arrays', 'dataSha256'), 200],
  ];
  for (const [name, read, mutations, runs] of readers) {
    const { counts, failures } = await fuzzFile({ file, original, read, reference: read() }, mutations, SEED, runs);
    t.diagnostic(describeCounts(name, counts));
    assert.deepEqual(failures, [], name);
  }
  // Resuming training restores the saved state, or leaves the model exactly as built.
  const built = () => new MfBpr(split, new Rng(9), { dim: 4 });
  const init = built().state();
  let model = built();
  const resume = () => {
    model = built();
    trainRecommender(model, split, { ...options, checkpointFile: file });
    return model.state();
  };
  const untouched = (outcome: string) =>
    outcome === 'typed' && JSON.stringify(model.state()) !== JSON.stringify(init)
      ? 'a refused checkpoint was partly restored'
      : undefined;
  const resumed = { file, original, read: resume, reference: resume(), check: untouched };
  const { counts, failures } = await fuzzFile(resumed, raw, SEED + 1, 200);
  t.diagnostic(describeCounts('trainRecommender resume', counts));
  assert.deepEqual(failures, []);
});
