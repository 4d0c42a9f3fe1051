import { test } from 'node:test';
import assert from 'node:assert/strict';
import { refusesFile } from '../support/throws-input';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { splitFromText } from '../../lib/data/datasets/gowalla';
import { loadCheckpoint, migrateCheckpoint, readCheckpointMeta, saveCheckpoint } from '../../lib/io/checkpoint';
import { MfBpr } from '../../lib/models/cf/mf-bpr';
import { trainRecommender } from '../../lib/train/train-recommender';
import { Rng } from '../../lib/random/rng';
import { editCheckpointHeader, sealCheckpoint, splitCheckpoint } from '../support/checkpoint-bytes';

const split = splitFromText('0 0 1 2\n1 1 3\n2 4 5 0\n3 2 6\n4 3 5 6 1\n', '0 3\n1 5\n2 1\n3 4\n4 0\n');

function tempFile(name = 'x.ckpt'): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-ckpt-')), name);
}

/** The checkpoint of a 2-epoch MF-BPR run (dim 4) on `split`, at `file`. */
function trainedCheckpoint(file: string): void {
  trainRecommender(new MfBpr(split, new Rng(1), { dim: 4 }), split, {
    seed: 5,
    maxEpochs: 2,
    ks: [2],
    checkpointFile: file,
  });
}

/** A small checkpoint: 3 + 5 floats, metadata. */
function sample(file: string) {
  const arrays = { a: Float32Array.of(1, -2.5, 3), b: Float32Array.from({ length: 5 }, (_, i) => i / 7) };
  saveCheckpoint(file, { epoch: 3, note: 'x' }, arrays);
  return arrays;
}

test('a checkpoint round-trips exactly, leaves no temp file, and its header records dtype, shape and byte length', () => {
  const file = tempFile();
  const arrays = sample(file);
  assert.deepEqual(loadCheckpoint(file), { meta: { epoch: 3, note: 'x' }, arrays });
  assert.deepEqual(readCheckpointMeta(file), { epoch: 3, note: 'x' });
  assert.deepEqual(fs.readdirSync(path.dirname(file)), ['x.ckpt']);
  const bytes = fs.readFileSync(file);
  assert.equal(bytes.subarray(0, 8).toString('latin1'), 'PINLABCK');
  assert.equal(bytes.readUInt32LE(8), 2);
  assert.deepEqual(splitCheckpoint(bytes).header.arrays, [
    { name: 'a', dtype: 'float32', shape: [3], byteLength: 12 },
    { name: 'b', dtype: 'float32', shape: [5], byteLength: 20 },
  ]);
  assert.equal(loadCheckpoint(path.join(path.dirname(file), 'none.ckpt')), null);
  assert.equal(readCheckpointMeta(path.join(path.dirname(file), 'none.ckpt')), null);
});

test('a truncated checkpoint is refused, naming the file, and never padded from memory', () => {
  const file = tempFile();
  sample(file);
  const bytes = fs.readFileSync(file);
  for (const cut of [4, 8, 47, 64, 100]) {
    fs.writeFileSync(file, bytes.subarray(0, bytes.length - cut));
    refusesFile(() => loadCheckpoint(file), file, /truncated|past the end|too short/);
    refusesFile(() => readCheckpointMeta(file), file, /truncated|past the end|too short|ends at byte/);
  }
  for (const keep of [0, 2, 7, 20]) {
    fs.writeFileSync(file, bytes.subarray(0, keep));
    refusesFile(() => loadCheckpoint(file), file, /too short/);
  }
});

test('a checkpoint with extra bytes at the end is refused', () => {
  const file = tempFile();
  sample(file);
  fs.appendFileSync(file, Buffer.alloc(4));
  refusesFile(() => loadCheckpoint(file), file, /extra bytes/);
  refusesFile(() => readCheckpointMeta(file), file, /extra bytes/);
});

test('a flipped byte anywhere is refused by a checksum: in the header (both readers) or in the arrays', () => {
  const file = tempFile();
  sample(file);
  const bytes = fs.readFileSync(file);
  const h = bytes.readUInt32LE(12);
  for (const at of [20, 48 + 10, 48 + h - 2]) {
    const bad = Buffer.from(bytes);
    bad[at] ^= 0x04;
    fs.writeFileSync(file, bad);
    refusesFile(() => loadCheckpoint(file), file, /SHA-256/);
    refusesFile(() => readCheckpointMeta(file), file, /SHA-256/);
  }
  const bad = Buffer.from(bytes);
  bad[bytes.length - 3] ^= 0x01;
  fs.writeFileSync(file, bad);
  refusesFile(() => loadCheckpoint(file), file, /byte \d+: data: the arrays' bytes .* SHA-256/);
  assert.deepEqual(readCheckpointMeta(file), { epoch: 3, note: 'x' }, 'the metadata alone is intact');
});

test('header fields of the wrong type are refused even when the hashes are valid', () => {
  const file = tempFile();
  sample(file);
  const bytes = fs.readFileSync(file);
  const cases: [(h: Record<string, unknown>) => void, RegExp][] = [
    [(h) => (h.meta = null), /header\.meta: must be an object/],
    [(h) => (h.meta = [1]), /header\.meta: must be an object/],
    [(h) => (h.arrays = 'a'), /header\.arrays: must be a list/],
    [(h) => ((h.arrays as Record<string, unknown>[])[0].dtype = 'float64'), /dtype/],
    [(h) => ((h.arrays as Record<string, unknown>[])[0].shape = [-3]), /shape/],
    [(h) => ((h.arrays as Record<string, unknown>[])[0].shape = ['3']), /shape/],
    [(h) => ((h.arrays as Record<string, unknown>[])[0].byteLength = '12'), /byteLength/],
    [(h) => ((h.arrays as Record<string, unknown>[])[1].name = 'a'), /name/],
    [(h) => ((h.arrays as Record<string, unknown>[])[0].shape = [4]), /byteLength/],
    [
      (h) => {
        const a = (h.arrays as Record<string, unknown>[])[0];
        a.shape = [4];
        a.byteLength = 16;
      },
      /truncated/,
    ],
    [(h) => (h.dataSha256 = 7), /dataSha256/],
  ];
  for (const [edit, reason] of cases) {
    fs.writeFileSync(file, editCheckpointHeader(bytes, edit));
    refusesFile(() => loadCheckpoint(file), file, reason);
  }
  fs.writeFileSync(file, sealCheckpoint('[1, 2]', Buffer.alloc(0)));
  refusesFile(() => loadCheckpoint(file), file, /must be a JSON object/);
  fs.writeFileSync(file, sealCheckpoint('{"meta": {', Buffer.alloc(0)));
  refusesFile(() => loadCheckpoint(file), file, /not JSON/);
  fs.writeFileSync(file, sealCheckpoint('{}', Buffer.alloc(0), 3));
  refusesFile(() => loadCheckpoint(file), file, /format 3/);
});

test('a format-1 checkpoint (no magic, no checksum) is refused with how to proceed; a folder is refused', () => {
  const file = tempFile();
  const header = Buffer.from(JSON.stringify({ meta: { epoch: 1 }, arrays: [['w', 2]] }));
  const old = Buffer.alloc(4 + header.length + 8);
  old.writeUInt32LE(header.length, 0);
  header.copy(old, 4);
  fs.writeFileSync(file, old);
  refusesFile(() => loadCheckpoint(file), file, /older pinlab .*format 1.*delete it/);
  refusesFile(() => readCheckpointMeta(file), file, /older pinlab/);
  // Converted only on request (scripts/migrate-checkpoints.ts), its structure checked strictly.
  fs.writeFileSync(file, old.subarray(0, old.length - 1));
  refusesFile(() => migrateCheckpoint(file), file, /'w' runs past the end/);
  fs.writeFileSync(file, Buffer.concat([old, Buffer.alloc(4)]));
  refusesFile(() => migrateCheckpoint(file), file, /4 bytes after the last array/);
  old.writeFloatLE(1.5, old.length - 4);
  fs.writeFileSync(file, old);
  assert.equal(migrateCheckpoint(file), true);
  assert.deepEqual(loadCheckpoint(file), { meta: { epoch: 1 }, arrays: { w: Float32Array.of(0, 1.5) } });
  assert.equal(migrateCheckpoint(file), false, 'already format 2');
  fs.writeFileSync(file, 'hello, this is not a checkpoint at all, clearly not 48');
  refusesFile(() => loadCheckpoint(file), file, /not a pinlab checkpoint/);
  const dir = path.join(path.dirname(file), 'folder.ckpt');
  fs.mkdirSync(dir);
  refusesFile(() => loadCheckpoint(dir), dir, /is a folder/);
  refusesFile(() => readCheckpointMeta(dir), dir, /is a folder/);
});

test('resuming from a checkpoint of a differently sized model is refused and leaves the model untouched', () => {
  const file = tempFile('mf.ckpt');
  trainedCheckpoint(file);
  const bigger = new MfBpr(split, new Rng(1), { dim: 8 });
  const before = [Float32Array.from(bigger.user), Float32Array.from(bigger.item)];
  refusesFile(
    () => trainRecommender(bigger, split, { seed: 5, maxEpochs: 4, ks: [2], checkpointFile: file }),
    file,
    /state: array 'user' has 20 values, the model's has 40/,
  );
  assert.deepEqual([bigger.user, bigger.item], before);
  assert.throws(
    () => bigger.restore({ user: new Float32Array(20), item: new Float32Array(28) }),
    /state: array 'user' has 20 values/,
  );
  assert.throws(() => bigger.restore({ user: new Float32Array(40) }), /state: holds arrays \[user\]/);
  assert.deepEqual([bigger.user, bigger.item], before);
});

test('a checkpoint whose run record has the wrong types is refused before anything is restored', () => {
  const file = tempFile('mf.ckpt');
  trainedCheckpoint(file);
  const good = fs.readFileSync(file);
  const meta = (h: Record<string, unknown>) => h.meta as Record<string, unknown>;
  const cases: [(h: Record<string, unknown>) => void, RegExp][] = [
    [(h) => delete meta(h).epoch, /epoch must be a non-negative integer, got undefined/],
    [(h) => (meta(h).epoch = '2'), /epoch must be/],
    [(h) => (meta(h).epoch = 1.5), /epoch must be/],
    [(h) => (meta(h).trainSeconds = null), /trainSeconds/],
    [(h) => (meta(h).curve = {}), /curve must be a list of 2 epochs/],
    [(h) => (meta(h).curve = [null, null]), /curve\[0\]/],
    [(h) => (meta(h).best = { epoch: 1, value: 0.5, since: 0 }), /best state's arrays are missing/],
  ];
  for (const [edit, reason] of cases) {
    fs.writeFileSync(file, editCheckpointHeader(good, edit));
    const model = new MfBpr(split, new Rng(9), { dim: 4 });
    const before = Float32Array.from(model.user);
    refusesFile(
      () => trainRecommender(model, split, { seed: 5, maxEpochs: 4, ks: [2], checkpointFile: file }),
      file,
      reason,
    );
    assert.deepEqual(model.user, before);
  }
});
