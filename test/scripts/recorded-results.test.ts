// results/: the committed record of each full reproduction (npm run repro:*), never data. Each must
// follow the run-record schema, come from a clean tree, and name a commit in this repository's history.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, recordProblems } from '../support/notebook';

const RESULTS = path.join(ROOT, 'results');
const files = fs.readdirSync(RESULTS).filter((f) => f.endsWith('.json'));

test('results/ holds at least one recorded reproduction', () => {
  assert.ok(files.length > 0);
});

for (const file of files) {
  test(`results/${file}: schema, a clean tree, a commit (and each row's) in the history`, () => {
    const record = JSON.parse(fs.readFileSync(path.join(RESULTS, file), 'utf8'));
    assert.deepEqual(recordProblems(record), []);
    assert.equal(`${record.id}.json`, file);
    assert.equal(record.status, 'ok');
    assert.match(record.command, /^npm run repro:/);
    assert.equal(record.git.dirty, false);
    const ancestor = spawnSync('git', ['-C', ROOT, 'merge-base', '--is-ancestor', record.git.commit, 'HEAD']);
    assert.equal(ancestor.status, 0, `${record.git.commit} is not in the history of HEAD`);
    // Per-model records (Gowalla, Amazon Games): each row names the run that recorded it.
    for (const row of record.details?.results ?? []) {
      if (!row.recorded) continue;
      assert.match(row.recorded.commit, /^[0-9a-f]{40}$/, `${row.recipe}: recorded.commit`);
      const rowAncestor = spawnSync('git', ['-C', ROOT, 'merge-base', '--is-ancestor', row.recorded.commit, 'HEAD']);
      assert.equal(rowAncestor.status, 0, `${row.recipe}: ${row.recorded.commit} is not in the history of HEAD`);
    }
    assert.ok(Object.keys(record.metrics).length > 0);
    assert.ok(fs.statSync(path.join(RESULTS, file)).size < 64 * 1024, 'a record, not data');
  });
}
