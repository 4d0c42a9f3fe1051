import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  parallelFor,
  sharedFloats,
  sharedScratch,
  evenBounds,
  threadCount,
  shutdown,
  poolSettings,
} from '../../lib/parallel';
import { PinlabInputError } from '../../lib/errors';
import { affineTask, badInputTask, crashTask } from './tasks';

function affine(n: number, threads: number, chunks?: number, reps = 1) {
  const x = sharedFloats(n);
  for (let i = 0; i < n; i++) x[i] = Math.sin(i);
  const out = sharedFloats(n);
  const who = sharedScratch('test-who', Int32Array, n);
  parallelFor(affineTask, { x, out, who, reps }, n, { threads, bounds: chunks ? evenBounds(n, chunks) : undefined });
  return { out, who: Int32Array.from(who) };
}

test('parallelFor covers every item once, on more than one thread, and equals the inline run', () => {
  const one = affine(100_000, 1);
  assert.equal(new Set(one.who).size, 1);
  const two = affine(100_000, 2, 64);
  assert.deepEqual(two.out, one.out);
  // Workers start asynchronously; by a later call they take chunks too.
  let threads = 1;
  for (let k = 0; k < 20 && threads < 2; k++) threads = new Set(affine(100_000, 2, 64, 200).who).size;
  assert.equal(threads, 2, 'a worker ran some chunks');
});

test('workers start once and are reused: repeated calls see the same worker threads', () => {
  poolSettings.callerClaims = false;
  try {
    const ids = new Set<number>();
    for (let k = 0; k < 5; k++) for (const id of affine(10_000, 3, 6).who) ids.add(id);
    // Fresh workers per call would show up to 10 thread ids; the main thread (id 0) took no chunk.
    assert.ok(ids.size >= 1 && ids.size <= 2, `worker thread ids seen: ${[...ids]}`);
    assert.ok(!ids.has(0));
  } finally {
    poolSettings.callerClaims = true;
  }
});

test('a chunk that throws PinlabInputError rethrows it with its field and index, and the pool stays usable', () => {
  for (let k = 0; k < 3; k++) {
    assert.throws(
      () => parallelFor(badInputTask, { bad: 99_999 }, 100_000, { threads: 2, bounds: evenBounds(100_000, 4) }),
      (e: unknown) => e instanceof PinlabInputError && e.field === 'ids' && e.index === 99_999,
    );
  }
  assert.equal(affine(1000, 2).out[10], Math.fround(2 * Math.fround(Math.sin(10)) + 10));
});

test('a worker that dies mid-chunk surfaces as an error naming the kernel, not a hang; the next call restarts the pool', () => {
  assert.throws(() => {
    // Retry until a worker (not the main thread) takes the fatal chunk.
    for (let k = 0; k < 200; k++) parallelFor(crashTask, { bad: 5 }, 8, { threads: 2, bounds: evenBounds(8, 8) });
  }, /parallel kernel 'crashTask': worker 1 of 1 stopped/);
  assert.equal(affine(1000, 2).out[999], Math.fround(2 * Math.fround(Math.sin(999)) + 999));
  shutdown();
});

test('threadCount reads PINLAB_THREADS and rejects bad values', () => {
  const saved = process.env.PINLAB_THREADS;
  try {
    process.env.PINLAB_THREADS = '3';
    assert.equal(threadCount(), 3);
    process.env.PINLAB_THREADS = 'two';
    assert.throws(
      () => threadCount(),
      (e: unknown) => e instanceof PinlabInputError && e.field === 'PINLAB_THREADS',
    );
  } finally {
    if (saved === undefined) delete process.env.PINLAB_THREADS;
    else process.env.PINLAB_THREADS = saved;
  }
});

test('without PINLAB_THREADS, threadCount follows the PINLAB_THREAD_SHARE file, capped at the cores', async () => {
  const saved = { threads: process.env.PINLAB_THREADS, share: process.env.PINLAB_THREAD_SHARE };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-share-'));
  const file = path.join(dir, 'threads');
  const reread = () => new Promise((r) => setTimeout(r, 300)); // past the 250 ms the last read is trusted
  try {
    delete process.env.PINLAB_THREADS;
    process.env.PINLAB_THREAD_SHARE = file;
    assert.equal(threadCount(), 1, 'no file yet: one thread');
    fs.writeFileSync(file, '1\n');
    await reread();
    assert.equal(threadCount(), 1);
    fs.writeFileSync(file, '256');
    await reread();
    assert.equal(threadCount(), os.availableParallelism(), 'capped at the cores');
    fs.rmSync(file);
    await reread();
    assert.equal(threadCount(), os.availableParallelism(), 'a missing file keeps the last share');
    fs.writeFileSync(file, 'lots');
    await reread();
    assert.throws(
      () => threadCount(),
      (e: unknown) => e instanceof PinlabInputError && e.field === 'PINLAB_THREAD_SHARE' && /lots/.test(e.message),
    );
    process.env.PINLAB_THREADS = '2';
    assert.equal(threadCount(), 2, 'PINLAB_THREADS wins');
  } finally {
    for (const [k, v] of [
      ['PINLAB_THREADS', saved.threads],
      ['PINLAB_THREAD_SHARE', saved.share],
    ] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an idle pool does not keep a finished process alive', () => {
  const script = `
    const { parallelFor, sharedFloats, sharedScratch } = require('./lib/parallel');
    const { affineTask } = require('./test/parallel/tasks');
    const n = 10000, x = sharedFloats(n), out = sharedFloats(n), who = sharedScratch('w', Int32Array, n);
    parallelFor(affineTask, { x, out, who, reps: 1 }, n, { threads: 2 });
    console.log('ran', out[n - 1]);`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /ran 9999/);
});
