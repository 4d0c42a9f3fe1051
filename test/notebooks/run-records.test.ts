// Run records under kill, sweeps and comparisons (each test starts real kernels: kept to four).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PYTHON, ROOT, readRecord, recordProblems, runRunner, runnerEnv, tempFolders } from '../support/notebook';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'notebooks');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every process descended from `pid` (from /proc), deepest last. */
function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // the process ended meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number): void => parent.forEach((pp, child) => pp === p && (out.push(child), walk(child)));
  walk(pid);
  return out;
}

for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
  test(`a run killed midway (${signal}) leaves its record "incomplete", never one that looks finished`, async () => {
    const { out, runs } = tempFolders('killed');
    const args = ['scripts/notebooks.py', 'run', '06', '--set', 'WAIT_SECONDS=600', '--dir', FIXTURES, '--out', out, '--runs', runs];
    const child = spawn(PYTHON, args, { cwd: ROOT, env: runnerEnv(), stdio: 'ignore' });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    let kernel: number[] = [];
    try {
      // Wait until the record exists and the kernel process has started, then kill it.
      for (let waited = 0; kernel.length === 0 && waited < 120_000; waited += 250) {
        await sleep(250);
        if (fs.existsSync(runs) && fs.readdirSync(runs).length === 1) kernel = descendants(child.pid!);
      }
      assert.ok(kernel.length > 0, 'the kernel started');
      await sleep(3000);
      kernel = descendants(child.pid!);
      child.kill(signal);
      const code = await exited;
      if (signal === 'SIGTERM') {
        assert.equal(code, 143, 'the runner reports the kill');
        await sleep(1000);
        assert.deepEqual(kernel.filter((pid) => fs.existsSync(`/proc/${pid}`)), [], 'and shut its kernel down');
      }
    } finally {
      child.kill('SIGKILL');
      for (const pid of kernel) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    const [dir] = fs.readdirSync(runs);
    const record = readRecord(path.join(runs, dir));
    assert.deepEqual(recordProblems(record), []);
    assert.equal(record.status, 'incomplete');
    assert.equal(record.finished, null);
    assert.deepEqual(record.changed, { WAIT_SECONDS: 600 });
    if (signal === 'SIGTERM') assert.equal(record.error, 'killed by SIGTERM before the run ended');
    assert.ok(!fs.existsSync(path.join(out, 'results.json')), 'no index entry claims the run');
  });
}

test('a sweep of two values runs one recorded run per value, writes its manifest and page; two runs compare', () => {
  const { out, runs } = tempFolders('sweep');
  const call = runRunner(['run', '01', '--sweep', 'STEPS=3,4', '--set', 'LABEL=swept', '--jobs', '2',
    '--dir', FIXTURES, '--out', out, '--runs', runs]);
  assert.equal(call.exitCode, 0, call.output);
  const manifests = fs.readdirSync(path.join(out, 'sweeps')).filter((f) => f.endsWith('.json'));
  assert.equal(manifests.length, 1);
  const manifest = JSON.parse(fs.readFileSync(path.join(out, 'sweeps', manifests[0]), 'utf8'));
  assert.equal(manifest.notebook, '01-ok');
  assert.deepEqual(manifest.grid, { STEPS: [3, 4] });
  assert.deepEqual(manifest.set, { LABEL: 'swept' });
  assert.ok(fs.existsSync(path.join(out, 'sweeps', `${manifest.id}.html`)), 'the sweep page');
  const records = manifest.runs.map((d: string) => readRecord(path.join(runs, d)));
  assert.deepEqual(records.map((r: { changed: object }) => r.changed), [{ STEPS: 3, LABEL: 'swept' }, { STEPS: 4, LABEL: 'swept' }]);
  assert.deepEqual(records.map((r: { metrics: { total: number } }) => r.metrics.total), [3, 6]);
  // Two jobs share the cores: each kernel's pool starts on half of them, or on all once the other
  // job has finished (unless PINLAB_THREADS says otherwise).
  const cores = os.availableParallelism();
  const threads = process.env.PINLAB_THREADS ? [Number(process.env.PINLAB_THREADS)] : [Math.max(1, Math.floor(cores / 2)), cores];
  for (const r of records) {
    assert.deepEqual(recordProblems(r), []);
    assert.deepEqual([r.status, r.sweep], ['ok', manifest.id]);
    assert.ok(threads.includes(r.env.threads), `threads ${r.env.threads} not in ${threads}`);
  }
  assert.ok(!fs.existsSync(path.join(out, '01-ok.html')), 'a sweep never replaces the default report');

  // Compare by run name (under --runs) and by path.
  const compare = runRunner(['compare', manifest.runs[0], path.join(runs, manifest.runs[1]), '--runs', runs, '--out', out]);
  assert.equal(compare.exitCode, 0, compare.output);
  const page = path.join(out, 'compare', `${manifest.runs[0]}--${manifest.runs[1]}.html`);
  assert.ok(fs.existsSync(page), compare.output);
  const missing = runRunner(['compare', manifest.runs[0], 'no-such-run', '--runs', runs, '--out', out]);
  assert.equal(missing.exitCode, 2);
  assert.match(missing.stderr.trim(), /^notebooks\.py: error: run 'no-such-run': no run\.json there or under .*$/);
});
