// The runner's order for parallel jobs (scripts/notebooks.py longest_first), without kernels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PYTHON, ROOT } from '../support/notebook';

function python(code: string, ...args: string[]): string {
  const proc = spawnSync(
    PYTHON,
    [
      '-c',
      `import json, sys; from pathlib import Path; sys.path.insert(0, "scripts"); import notebooks; ${code}`,
      ...args,
    ],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  assert.equal(proc.status, 0, proc.stderr);
  return proc.stdout;
}

/** longest_first over notebooks `ids` (files in `dir`) with `runs` as the runs folder; returns the ids in job order. */
function order(runs: string, ids: string[], dir = '.'): string[] {
  const code =
    'jobs = [type("J", (), {"path": Path(sys.argv[3]) / f"{i}.ipynb"}) for i in json.loads(sys.argv[2])]; ' +
    'print(json.dumps([jobs[i].path.stem for i in notebooks.longest_first(jobs, Path(sys.argv[1]))]))';
  return JSON.parse(python(code, runs, JSON.stringify(ids), dir));
}

function record(runs: string, folder: string, id: string, status: string, seconds: number): void {
  fs.mkdirSync(path.join(runs, folder), { recursive: true });
  fs.writeFileSync(path.join(runs, folder, 'run.json'), JSON.stringify({ id, status, seconds }));
}

test('parallel jobs start longest first, by each notebook newest finished run; unknown ones after, in file order', () => {
  const runs = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-runs-'));
  const ids = ['01-a', '02-b', '03-c', '04-d', '05-e'];
  assert.deepEqual(order(runs, ids), ids, 'no history: file order');
  record(runs, '20261201T000000Z-02-b-aaaa', '02-b', 'ok', 900);
  record(runs, '20261202T000000Z-02-b-aaaa', '02-b', 'ok', 10); // newer: counts
  record(runs, '20261202T000000Z-03-c-aaaa', '03-c', 'ok', 500);
  record(runs, '20261203T000000Z-03-c-aaaa', '03-c', 'failed', 1); // failed: ignored
  record(runs, '20261202T000000Z-05-e-aaaa', '05-e', 'ok', 1200);
  fs.mkdirSync(path.join(runs, '20261204T000000Z-05-e-bbbb')); // no run.json yet: skipped
  assert.deepEqual(order(runs, ids), ['05-e', '03-c', '02-b', '01-a', '04-d']);
});

test('without runs, a notebook estimate of a fresh run (metadata pinlab.fresh_seconds) orders the jobs', () => {
  const runs = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-runs-'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-nbs-'));
  const notebook = (id: string, pinlab: object) =>
    fs.writeFileSync(path.join(dir, `${id}.ipynb`), JSON.stringify({ cells: [], metadata: { pinlab } }));
  notebook('01-a', {});
  notebook('02-b', { fresh_seconds: 60 });
  notebook('03-c', { fresh_seconds: 1400 });
  assert.deepEqual(order(runs, ['01-a', '02-b', '03-c', '04-missing'], dir), ['03-c', '02-b', '01-a', '04-missing']);
  record(runs, '20261202T000000Z-01-a-aaaa', '01-a', 'ok', 90); // a recorded run outranks the estimate
  assert.deepEqual(order(runs, ['01-a', '02-b', '03-c'], dir), ['03-c', '01-a', '02-b']);
});

test('the thread share divides the cores among the jobs still running, as each finishes', () => {
  // 3 kernels at a time, 6 jobs, 4 cores: 1 thread each while 3 or more remain, then 2, then all 4.
  const code =
    'share = notebooks.ThreadShare(3, 6); share.cores = 4; share.publish(); seen = [open(share.file).read().strip()]\n' +
    'for _ in range(5):\n    share.finished(); seen.append(open(share.file).read().strip())\n' +
    'share.close(); print(json.dumps([seen, Path(share.dir).exists()]))';
  assert.deepEqual(JSON.parse(python(code)), [['1', '1', '1', '1', '2', '4'], false]);
});
