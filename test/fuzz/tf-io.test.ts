import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { checkpointHandler, loadModule, saveModule } from '../../lib/models/gnn/tf_io';
import type { Module } from '../../lib/models/gnn/init';
import { chooseBackend } from '../../lib/tf';
import { sealCheckpoint, splitCheckpoint } from '../support/checkpoint-bytes';
import { describeCounts, fuzzFile } from '../support/fuzz-file';
import { BAD_NUMBERS, byteMutation, replaceNumber, type ByteMutation, type TextRegion } from '../support/mutate-bytes';

const SEED = 16;
const header: TextRegion = (b) => [48, 48 + b.readUInt32LE(12)];

/** Numbers in the weight specs (shapes) replaced, the header resealed: the specs must still add up to the stored bytes. */
const resealedSpecs: fc.Arbitrary<ByteMutation> = fc.tuple(fc.nat(1 << 20), fc.constantFrom(...BAD_NUMBERS)).map(([k, token]) => ({
  kind: `resealed: number ${k} of weightSpecs → '${token}'`,
  apply: (b: Buffer) => {
    const text = b.subarray(...header(b)).toString('latin1');
    const region: TextRegion = () => [text.indexOf('"weightSpecs"'), text.indexOf('"format"')];
    return sealCheckpoint(replaceNumber(Buffer.from(text, 'latin1'), k, token, region).toString('latin1'), splitCheckpoint(b).data);
  },
}));

/** A module of a [3, 4] weight, a [4] bias and a [2, 2, 2] tensor, filled with `fill + i`. */
function module(fill: number): Module {
  const v = (shape: number[]) => tf.variable(tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b) }, (_, i) => fill + i), shape));
  const vars = { w: v([3, 4]), b: v([4]), t: v([2, 2, 2]) };
  return { variables: () => vars };
}

const values = (m: Module) => Object.fromEntries(Object.entries(m.variables()).map(([k, x]) => [k, Array.from(x.dataSync())]));

before(async () => {
  await chooseBackend({ log: () => {} });
});

test('fuzz: mutated tf.io weight files load the saved weights or are refused naming the file, never partly', async (t) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-fuzz-tfio-')), 'm.ckpt');
  await saveModule(module(1), checkpointHandler(file), { note: 'fuzz', epochs: [1, 2] });
  const original = fs.readFileSync(file);
  const fresh = values(module(50));
  let target = module(50);
  const read = async () => {
    tf.dispose(Object.values(target.variables()));
    target = module(50);
    const meta = await loadModule(target, checkpointHandler(file));
    return { meta, values: values(target) };
  };
  const untouched = (outcome: string) =>
    outcome === 'typed' && JSON.stringify(values(target)) !== JSON.stringify(fresh) ? 'a refused file was partly assigned' : undefined;
  const reference = await read();
  for (const [name, mutations, runs] of [['loadModule', byteMutation({ uint32At: [8, 12], text: header }), 300], ['loadModule, resealed specs', resealedSpecs, 200]] as const) {
    const { counts, failures } = await fuzzFile({ file, original, read, reference, check: untouched }, mutations, SEED, runs);
    t.diagnostic(describeCounts(name, counts));
    assert.deepEqual(failures, [], name);
  }
});
