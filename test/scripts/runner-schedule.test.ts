// The runner's order for parallel jobs (scripts/notebooks.py longest_first), without kernels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PYTHON, ROOT } from '../support/notebook';

/** longest_first over notebooks `ids` with `runs` as the runs folder; returns the ids in job order. */
function order(runs: string, ids: string[]): string[] {
  const code =
    'import json, sys; from pathlib import Path; sys.path.insert(0, "scripts"); import notebooks; ' +
    'jobs = [type("J", (), {"path": Path(f"{i}.ipynb")}) for i in json.loads(sys.argv[2])]; ' +
    'print(json.dumps([jobs[i].path.stem for i in notebooks.longest_first(jobs, Path(sys.argv[1]))]))';
  const proc = spawnSync(PYTHON, ['-c', code, runs, JSON.stringify(ids)], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(proc.status, 0, proc.stderr);
  return JSON.parse(proc.stdout);
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
