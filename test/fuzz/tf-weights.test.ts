import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { checkpointHandler, loadModule, saveModule } from '../../lib/io/tf-weights';
import type { Module } from '../../lib/nn/module';
import { chooseBackend } from '../../lib/tf';
import { checkpointHeader, resealedHeaderNumber } from '../support/checkpoint-bytes';
import { describeCounts, fuzzFile } from '../support/fuzz-file';
import { byteMutation } from '../support/mutate-bytes';

const SEED = 16;

/** A module of a [3, 4] weight, a [4] bias and a [2, 2, 2] tensor, each filled with `fill + i`. */
function module(fill: number): Module {
  const v = (shape: number[]) => {
    const size = shape.reduce((a, b) => a * b);
    return tf.variable(
      tf.tensor(
        Float32Array.from({ length: size }, (_, i) => fill + i),
        shape,
      ),
    );
  };
  const vars = { w: v([3, 4]), b: v([4]), t: v([2, 2, 2]) };
  return { variables: () => vars };
}

const values = (m: Module) => Object.entries(m.variables()).map(([k, x]) => [k, Array.from(x.dataSync())]);

before(async () => {
  await chooseBackend({ log: () => {} });
});

test('fuzz: mutated tf.io weight files load the saved weights or are refused naming the file, never partly', async (t) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-fuzz-tfio-')), 'm.ckpt');
  await saveModule(module(1), checkpointHandler(file), { note: 'fuzz', epochs: [1, 2] });
  const original = fs.readFileSync(file);
  const fresh = JSON.stringify(values(module(50)));
  let target = module(50);
  const read = async () => {
    tf.dispose(Object.values(target.variables()));
    target = module(50);
    const meta = await loadModule(target, checkpointHandler(file));
    return { meta, values: values(target) };
  };
  const untouched = (outcome: string) =>
    outcome === 'typed' && JSON.stringify(values(target)) !== fresh ? 'a refused file was partly assigned' : undefined;
  const reference = await read();
  const runs = [
    ['loadModule', byteMutation({ uint32At: [8, 12], text: checkpointHeader }), 300],
    // Shapes in the weight specs, resealed: the specs must still add up to the stored bytes.
    ['loadModule, resealed specs', resealedHeaderNumber('weightSpecs', 'format'), 200],
  ] as const;
  for (const [name, mutations, n] of runs) {
    const { counts, failures } = await fuzzFile(
      { file, original, read, reference, check: untouched },
      mutations,
      SEED,
      n,
    );
    t.diagnostic(describeCounts(name, counts));
    assert.deepEqual(failures, [], name);
  }
});
