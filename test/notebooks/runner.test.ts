import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runNotebook, expectRenderedReport, ROOT } from '../support/notebook';
import { checkReport } from '../../scripts/report-check';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'notebooks');

test('runner executes a notebook, overrides parameters by name, records metrics, exports a renderable report', async () => {
  const run = runNotebook('01', { STEPS: 10, LABEL: 'small' }, { dir: FIXTURES });
  assert.equal(run.status, 'ok', run.output);
  assert.equal(run.exitCode, 0);
  assert.deepEqual(run.metrics, { seed: 42, steps: 10, total: 45, label: 'small' });
  await expectRenderedReport(run, 1);
  const check = await checkReport(run.html, ['US $5 or $6.']);
  assert.equal(check.math, 1, 'the one formula is typeset by the inlined KaTeX');
  assert.deepEqual(check.missingText, [], 'escaped dollars show as dollars, not math');
  // Large pages: test with .test, never print them.
  const page = fs.readFileSync(run.html, 'utf8');
  assert.ok(page.includes('data-status="ok"'), 'the banner says OK');
  assert.ok(!/<script[^>]+src="https?:/.test(page), 'no script is loaded from the network');
});

test('runner runs default parameters when none are given', () => {
  const run = runNotebook('01', {}, { dir: FIXTURES });
  assert.deepEqual(run.metrics, { seed: 42, steps: 50, total: 1225, label: 'default' });
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

test('overriding a parameter the notebook does not declare is a clear error', () => {
  assert.throws(() => runNotebook('01', { NOPE: 1 }, { dir: FIXTURES }), /parameter NOPE is not declared in the parameters cell/);
});
