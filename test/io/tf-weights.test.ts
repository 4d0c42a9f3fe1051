import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rejectsFile } from '../support/throws-input';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { checkpointHandler, loadModule, saveModule } from '../../lib/io/tf-weights';
import type { Module } from '../../lib/nn/module';
import { chooseBackend } from '../../lib/tf';
import { editCheckpointHeader } from '../support/checkpoint-bytes';

/** A module of two variables: `w` [2, 3] and `b` [bSize]. */
function module(fill: number, bSize = 3): Module & { values(): number[][] } {
  const vars = {
    w: tf.variable(
      tf.tensor2d(
        Array.from({ length: 6 }, (_, i) => fill + i),
        [2, 3],
      ),
    ),
    b: tf.variable(tf.fill([bSize], fill * 10)),
  };
  return { variables: () => vars, values: () => [Array.from(vars.w.dataSync()), Array.from(vars.b.dataSync())] };
}

describe('tf.io weight files', () => {
  before(async () => {
    await chooseBackend({ log: () => {} });
  });

  const saved = async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-tfio-')), 'm.ckpt');
    await saveModule(module(1), checkpointHandler(file), { note: 'n' });
    return { file, bytes: fs.readFileSync(file) };
  };

  it('round-trip exactly into an identically built module', async () => {
    const { file } = await saved();
    const m = module(5);
    assert.deepEqual(await loadModule(m, checkpointHandler(file)), { note: 'n' });
    assert.deepEqual(m.values(), module(1).values());
  });

  it('a truncated or extended file is refused naming the file, never read past its end', async () => {
    const { file, bytes } = await saved();
    for (const b of [bytes.subarray(0, bytes.length - 8), Buffer.concat([bytes, Buffer.alloc(8)])]) {
      fs.writeFileSync(file, b);
      const m = module(5);
      await rejectsFile(() => loadModule(m, checkpointHandler(file)), file, /truncated|extra bytes/);
      assert.deepEqual(m.values(), module(5).values());
    }
  });

  it('weight specs that do not add up to the stored bytes, or are of the wrong type, are refused', async () => {
    const { file, bytes } = await saved();
    const specs = (h: Record<string, unknown>) => (h.meta as { weightSpecs: Record<string, unknown>[] }).weightSpecs;
    const cases: [(h: Record<string, unknown>) => void, RegExp][] = [
      [(h) => (specs(h)[1].shape = [4]), /describe 40 bytes of weights, the file holds 36/],
      [(h) => (specs(h)[1].shape = [2]), /describe 32 bytes/],
      [(h) => (specs(h)[0].shape = [2, -3]), /weightSpecs\[0\]\.shape: must be a list of non-negative integers/],
      [(h) => (specs(h)[0].dtype = 'string'), /dtype/],
      [(h) => (specs(h)[0].quantization = { dtype: 'uint8', scale: 1, min: 0 }), /quantization/],
      [(h) => (specs(h)[1].name = 'w'), /\.name: must be a string not used before/],
      [(h) => ((h.meta as Record<string, unknown>).weightSpecs = 3), /weightSpecs: must be a list/],
      [(h) => ((h.meta as Record<string, unknown>).modelTopology = 'x'), /modelTopology/],
    ];
    for (const [edit, reason] of cases) {
      fs.writeFileSync(file, editCheckpointHeader(bytes, edit));
      await rejectsFile(() => loadModule(module(5), checkpointHandler(file)), file, reason);
    }
  });

  it('a module of another shape or with other variables is refused before any variable is assigned', async () => {
    const { file } = await saved();
    const wider = module(5, 4);
    await rejectsFile(() => loadModule(wider, checkpointHandler(file)), file, /b: has shape \[3\], the module \[4\]/);
    assert.deepEqual(wider.values(), module(5, 4).values(), "'w' (which matched) was not assigned either");
    const fewer: Module = { variables: () => ({ w: module(5).variables().w }) };
    await rejectsFile(() => loadModule(fewer, checkpointHandler(file)), file, /variables the module lacks: b/);
  });
});
