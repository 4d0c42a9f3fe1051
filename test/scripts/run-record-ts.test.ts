// The repro scripts' run-record writer (scripts/run-record.ts) follows the runner's schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RunRecorder } from '../../scripts/run-record';
import { readRecord, recordProblems } from '../support/notebook';

test('a repro run record: incomplete first, then finished with its metrics, valid against the schema', () => {
  const runsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-runs-'));
  const recorder = new RunRecorder({
    id: 'repro-test',
    params: { seeds: 2 },
    defaults: { seeds: 10 },
    command: 'npm run repro:test -- --seeds 2',
    runsDir,
  });
  assert.match(path.basename(recorder.dir), /^\d{8}T\d{6}Z-repro-test-[0-9a-f]{8}$/);
  const first = readRecord(recorder.dir);
  assert.deepEqual(recordProblems(first), []);
  assert.deepEqual([first.status, first.finished, first.changed], ['incomplete', null, { seeds: 2 }]);
  assert.equal(first.env.node, process.version);
  assert.ok(first.env.packages['@tensorflow/tfjs']);
  recorder.finish({ metrics: { acc: 0.8, seeds: 2 }, tfBackend: 'wasm', details: { rows: [1, 2] } });
  const done = readRecord(recorder.dir) as ReturnType<typeof readRecord> & { details: unknown; command: string };
  assert.deepEqual(recordProblems(done), []);
  assert.deepEqual(
    [done.status, done.env.tf_backend, done.metrics, done.details],
    ['ok', 'wasm', { acc: 0.8, seeds: 2 }, { rows: [1, 2] }],
  );
  assert.equal(done.command, 'npm run repro:test -- --seeds 2');
  // The same parameters in the same second get their own folder.
  const again = new RunRecorder({
    id: 'repro-test',
    params: { seeds: 2 },
    defaults: { seeds: 10 },
    command: 'x',
    runsDir,
  });
  assert.notEqual(again.dir, recorder.dir);
});

test('results/ takes only a finished run from a clean tree', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-results-'));
  const recorder = new RunRecorder({
    id: 'repro-test',
    params: {},
    defaults: {},
    command: 'npm run repro:test',
    runsDir: path.join(dir, 'runs'),
  });
  const results = path.join(dir, 'results');
  assert.match(recorder.saveResult(results), /the run incomplete/);
  const failed = new RunRecorder({
    id: 'repro-test',
    params: { a: 1 },
    defaults: {},
    command: 'x',
    runsDir: path.join(dir, 'runs'),
  });
  failed.finish({ error: 'boom' });
  assert.deepEqual(recordProblems(readRecord(failed.dir)), []);
  assert.match(failed.saveResult(results), /the run failed/);
  recorder.finish({ metrics: { acc: 0.8 } });
  recorder.record.git = { commit: 'a'.repeat(40), dirty: true };
  assert.match(recorder.saveResult(results), /uncommitted changes/);
  assert.ok(!fs.existsSync(path.join(results, 'repro-test.json')));
  recorder.record.git = { commit: 'a'.repeat(40), dirty: false };
  assert.equal(recorder.saveResult(results), '');
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(results, 'repro-test.json'), 'utf8')), recorder.record);
});
