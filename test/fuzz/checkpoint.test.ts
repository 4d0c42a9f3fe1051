import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { splitFromText } from '../../lib/data/gowalla';
import { loadCheckpoint, readCheckpointMeta } from '../../lib/models/checkpoint';
import { MfBpr } from '../../lib/models/mf-bpr';
import { trainRecommender } from '../../lib/models/train-loop';
import { Rng } from '../../lib/random/rng';
import { sealCheckpoint, splitCheckpoint } from '../support/checkpoint-bytes';
import { describeCounts, fuzzFile } from '../support/fuzz-file';
import { BAD_NUMBERS, byteMutation, replaceNumber, type ByteMutation, type TextRegion } from '../support/mutate-bytes';

const SEED = 15;
const split = splitFromText('0 0 1 2\n1 1 3\n2 4 5 0\n3 2 6\n4 3 5 6 1\n', '0 3\n1 5\n2 1\n3 4\n4 0\n');

/** The JSON header of a checkpoint file (bytes 48 … 48 + H). */
const header: TextRegion = (b) => [48, 48 + b.readUInt32LE(12)];

/** Binary fields: format version, header length; numbers anywhere in the (hashed) header. */
const raw = byteMutation({ uint32At: [8, 12], text: header });

/**
 * Header numbers inside the `arrays` list (shapes, byte lengths) replaced and the header resealed
 * with a valid hash: the loader's own field and length checks must catch what the hash cannot.
 */
const resealed: fc.Arbitrary<ByteMutation> = fc.tuple(fc.nat(1 << 20), fc.constantFrom(...BAD_NUMBERS)).map(([k, token]) => ({
  kind: `resealed: number ${k} of the arrays list → '${token}'`,
  apply: (b: Buffer) => {
    const text = b.subarray(...header(b)).toString('latin1');
    const region: TextRegion = () => [text.indexOf('"arrays"'), text.indexOf('"dataSha256"')];
    return sealCheckpoint(replaceNumber(Buffer.from(text, 'latin1'), k, token, region).toString('latin1'), splitCheckpoint(b).data);
  },
}));

function tempFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-fuzz-ckpt-')), 'run.ckpt');
}

test('fuzz: mutated checkpoints load the original or are refused naming the file', async (t) => {
  const file = tempFile();
  trainRecommender(new MfBpr(split, new Rng(1), { dim: 4 }), split, { seed: 5, maxEpochs: 2, ks: [2], checkpointFile: file });
  const original = fs.readFileSync(file);
  const readers: [string, () => unknown, fc.Arbitrary<ByteMutation>, number][] = [
    ['loadCheckpoint', () => loadCheckpoint(file), raw, 500],
    ['readCheckpointMeta', () => readCheckpointMeta(file), raw, 300],
    ['loadCheckpoint, resealed header', () => loadCheckpoint(file), resealed, 200],
  ];
  for (const [name, read, mutations, runs] of readers) {
    const { counts, failures } = await fuzzFile({ file, original, read, reference: read() }, mutations, SEED, runs);
    t.diagnostic(describeCounts(name, counts));
    assert.deepEqual(failures, [], name);
  }
  // Resuming training: the restored state is the saved one, or the model is left exactly as built.
  const built = () => new MfBpr(split, new Rng(9), { dim: 4 });
  let model = built();
  const resume = () => {
    model = built();
    trainRecommender(model, split, { seed: 5, maxEpochs: 2, ks: [2], checkpointFile: file });
    return model.state();
  };
  const untouched = (outcome: string) =>
    outcome === 'typed' && !(model.user.every((v, i) => v === built().user[i]) && model.item.every((v, i) => v === built().item[i]))
      ? 'a refused checkpoint was partly restored'
      : undefined;
  const { counts, failures } = await fuzzFile({ file, original, read: resume, reference: resume(), check: untouched }, raw, SEED + 1, 200);
  t.diagnostic(describeCounts('trainRecommender resume', counts));
  assert.deepEqual(failures, []);
});
