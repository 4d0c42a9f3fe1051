import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { execFileSync } from 'node:child_process';
import { threadCount } from '../../lib/parallel/threads';
import { runNotebook, expectRenderedReport, ROOT, recordProblems, readRecord } from '../support/notebook';
import { checkReport } from '../../scripts/report-check';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'notebooks');

test('runner executes a notebook, overrides parameters by name, records metrics, exports a renderable report', async () => {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  const [commit, dirty] = [git('rev-parse', 'HEAD'), git('status', '--porcelain') !== ''];
  const run = runNotebook('01', { STEPS: 10, LABEL: 'small' }, { dir: FIXTURES });
  assert.equal(run.status, 'ok', run.output);
  // The run record: runs/<UTC time>-<id>-<params hash>/run.json beside the executed notebook and its report.
  const record = readRecord(run.runDir);
  assert.deepEqual(recordProblems(record), []);
  assert.match(record.dir, /^\d{8}T\d{6}Z-01-ok-[0-9a-f]{8}$/);
  assert.equal(path.basename(run.runDir), record.dir);
  assert.deepEqual([record.status, record.failed_cell, record.error, record.sweep], ['ok', null, '', null]);
  assert.deepEqual(record.git, { commit, dirty });
  assert.deepEqual(record.params, { SEED: 42, STEPS: 10, LABEL: 'small' });
  assert.deepEqual(record.defaults, { SEED: 42, STEPS: 50, LABEL: 'default' });
  assert.deepEqual(record.changed, { STEPS: 10, LABEL: 'small' });
  const pinlabVersion = JSON.parse(fs.readFileSync(path.join(ROOT, 'lib', 'package.json'), 'utf8')).version;
  assert.equal(record.env.node, process.version, 'the kernel reports its node');
  assert.equal(record.env.packages.pinlab, pinlabVersion, 'printVersions reports the packages');
  assert.ok(record.env.packages.tslab, 'and the kernel');
  assert.equal(record.env.threads, threadCount());
  assert.deepEqual(record.env.machine, { cores: os.cpus().length, memory_gb: record.env.machine.memory_gb, platform: 'linux' });
  assert.ok(Math.abs(record.env.machine.memory_gb! - os.totalmem() / 2 ** 30) < 0.1);
  assert.equal(record.cell_seconds.length, 6);
  record.cell_seconds.forEach((s, i) => assert.equal(s === null, [0, 3].includes(i), `cell ${i}: null only for markdown`));
  assert.ok(Date.parse(record.started) <= Date.parse(record.finished!) && record.seconds > 0);
  assert.deepEqual(record.metrics, run.metrics);
  const executed = JSON.parse(fs.readFileSync(path.join(run.runDir, '01-ok.ipynb'), 'utf8'));
  assert.ok(executed.cells[5].outputs.length > 0, 'the executed notebook keeps its outputs');
  // Changed parameters never replace the default-parameter report or its index entry.
  assert.ok(!fs.existsSync(path.join(run.out, '01-ok.html')));
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(run.out, 'results.json'), 'utf8')), {});
  assert.equal(run.exitCode, 0);
  assert.deepEqual(run.metrics, { seed: 42, steps: 10, total: 45, label: 'small' });
  await expectRenderedReport(run, 1);
  const check = await checkReport(run.html, ['US $5 or $6.']);
  assert.equal(check.math, 1, 'the one formula is typeset by the inlined KaTeX');
  assert.deepEqual(check.missingText, [], 'dollar amounts show as dollars, not math');
  // Large pages: test with .test, never print them.
  const page = fs.readFileSync(run.html, 'utf8');
  assert.ok(page.includes('data-status="ok"'), 'the banner says OK');
  assert.ok(!/<script[^>]+src="https?:/.test(page), 'no script is loaded from the network');
});

test('runner runs default parameters when none are given, and that run is the default report', () => {
  const run = runNotebook('01', {}, { dir: FIXTURES });
  assert.deepEqual(run.metrics, { seed: 42, steps: 50, total: 1225, label: 'default' });
  assert.deepEqual(run.changed, {});
  const page = fs.readFileSync(path.join(run.out, '01-ok.html'), 'utf8');
  assert.ok(page.includes('data-status="ok"'), 'reports/01-ok.html is this run');
  const ipynb = path.relative(run.out, path.join(run.runDir, '01-ok.ipynb'));
  assert.ok(page.includes(`href="${ipynb}"`), 'and links its executed notebook');
  const entry = JSON.parse(fs.readFileSync(path.join(run.out, 'results.json'), 'utf8'))['01-ok'];
  assert.deepEqual([entry.status, entry.dir], ['ok', path.basename(run.runDir)]);
});

test('a failing cell fails the run, naming notebook and cell, and marks the report FAILED', () => {
  const run = runNotebook('02', {}, { dir: FIXTURES });
  assert.equal(run.status, 'failed');
  assert.equal(run.exitCode, 1);
  assert.equal(run.failed_cell, 2);
  assert.match(run.output, /02-fails\.ipynb cell 2: .*deliberate fixture failure/);
  assert.ok(fs.readFileSync(run.html, 'utf8').includes('data-status="failed"'), 'the banner says FAILED');
});

test('thousands of progress updates in one synchronous cell do not kill the kernel, and the bar ends at 100 %', () => {
  // zeromq defers every 513th send until the event loop turns; the next send used to kill tslab (EBUSY).
  const run = runNotebook('03', { UPDATES: 2000 }, { dir: FIXTURES });
  assert.equal(run.status, 'ok', run.output);
  assert.deepEqual(run.metrics, { updates: 2000 });
  assert.ok(fs.readFileSync(run.html, 'utf8').includes('updating: 2000/2000 (100%)'), 'the final update is shown');
});
