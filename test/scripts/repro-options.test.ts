import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { tempDir } from '../support/data-fixture';

const script = (name: string) => path.join(__dirname, '..', '..', 'scripts', `repro-${name}.ts`);

/** Runs a repro script on an empty data and cache folder, so a run that did start would only skip. */
function run(name: string, args: string[]) {
  const empty = tempDir();
  return spawnSync(process.execPath, ['--import', 'tsx', script(name), ...args], {
    env: { ...process.env, PINLAB_DATA_DIR: empty, PINLAB_CACHE_DIR: empty },
    encoding: 'utf8',
  });
}

for (const name of ['games', 'gowalla', 'planetoid']) {
  test(`repro:${name} refuses an unknown option, naming it, instead of training on the defaults`, () => {
    const r = run(name, ['--help-me', '1']);
    assert.equal(r.status, 2, r.stdout);
    assert.match(r.stderr, /--help-me: unknown option \(options: --/);
    assert.doesNotMatch(r.stdout, /skipped|epoch/);
  });

  test(`repro:${name} --help prints its options and exits 0 without running`, () => {
    const r = run(name, ['--help']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`npm run repro:${name} -- .*\\noptions:\\n  --`));
    assert.doesNotMatch(r.stdout, /skipped|epoch/);
  });
}

test('repro:games refuses a value-less --budget-minutes', () => {
  const r = run('games', ['--budget-minutes', '--fresh']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--budget-minutes: needs a value/);
});
