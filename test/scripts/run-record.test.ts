// The run record's git state (the dirty flag) and its schema check, without kernels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PYTHON, ROOT, recordProblems } from '../support/notebook';

function gitState(repo: string): { commit: string | null; dirty: boolean | null } {
  const code =
    'import json, sys; from pathlib import Path; sys.path.insert(0, "scripts"); import run_record; ' +
    'print(json.dumps(run_record.git_state(Path(sys.argv[1]))))';
  const proc = spawnSync(PYTHON, ['-c', code, repo], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(proc.status, 0, proc.stderr);
  return JSON.parse(proc.stdout);
}

test('the dirty flag: set by a modified tracked file or an untracked one, not by an ignored one', () => {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-git-'));
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {
      encoding: 'utf8',
    }).trim();
  git('init', '-q');
  fs.writeFileSync(path.join(repo, 'a.txt'), 'one\n');
  fs.writeFileSync(path.join(repo, '.gitignore'), 'ignored/\n');
  git('add', '.');
  git('commit', '-qm', 'first');
  const commit = git('rev-parse', 'HEAD');
  assert.deepEqual(gitState(repo), { commit, dirty: false });
  fs.mkdirSync(path.join(repo, 'ignored'));
  fs.writeFileSync(path.join(repo, 'ignored', 'cache.bin'), 'x');
  assert.deepEqual(gitState(repo), { commit, dirty: false }, 'ignored files (caches, runs/) do not count');
  fs.writeFileSync(path.join(repo, 'a.txt'), 'two\n');
  assert.deepEqual(gitState(repo), { commit, dirty: true }, 'a modified tracked file');
  git('checkout', '--', 'a.txt');
  fs.writeFileSync(path.join(repo, 'new.ts'), '');
  assert.deepEqual(gitState(repo), { commit, dirty: true }, 'an untracked file');
  assert.deepEqual(
    gitState(fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-nogit-'))),
    { commit: null, dirty: null },
    'no repository',
  );
});

test('the schema check names what a record gets wrong', () => {
  const record = {
    schema: 1,
    id: '01-ok',
    dir: '20261201T000000Z-01-ok-0123abcd',
    status: 'ok',
    failed_cell: null,
    error: '',
    git: { commit: 'a'.repeat(40), dirty: false },
    params: { A: 1 },
    defaults: { A: 2 },
    changed: { A: 1 },
    env: {
      node: 'v20.0.0',
      packages: {},
      tf_backend: null,
      threads: 1,
      machine: { cores: 2, memory_gb: 4, platform: 'linux' },
    },
    started: '2026-12-01T00:00:00Z',
    finished: '2026-12-01T00:00:01Z',
    seconds: 1,
    cell_seconds: [null, 0.5],
    metrics: { auc: 0.9 },
    sweep: null,
  };
  assert.deepEqual(recordProblems(record), []);
  assert.deepEqual(recordProblems({ ...record, status: 'incomplete' }), [
    "finished: '2026-12-01T00:00:01Z' is not of type 'null'",
  ]);
  assert.match(recordProblems({ ...record, status: 'failed' }).join(), /error: '' is too short/);
  assert.match(
    recordProblems({ ...record, git: { commit: 'HEAD', dirty: false } }).join(),
    /git\/commit: 'HEAD' does not match/,
  );
  assert.match(recordProblems({ ...record, metrics: { auc: [1] } }).join(), /metrics\/auc/);
  const { seconds: _, ...noSeconds } = record;
  assert.match(recordProblems(noSeconds).join(), /'seconds' is a required property/);
});
