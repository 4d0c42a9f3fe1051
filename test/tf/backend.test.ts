import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

// chooseBackend() remembers its first choice per process: each case runs in its own.
function choose(forced: string): string {
  const script =
    "require('./lib/tf/backend').chooseBackend()" +
    ".then((b) => console.log('CHOSE', b), (e) => console.log('ERR', e.name, e.message))";
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: path.resolve(__dirname, '../..'),
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, PINLAB_TF_BACKEND: forced },
  });
  return r.stdout
    .trim()
    .split('\n')
    .filter((l) => /^(CHOSE|ERR|TensorFlow)/.test(l))
    .join(' | ');
}

it('PINLAB_TF_BACKEND forces the named backend and says so', () => {
  assert.equal(choose('cpu'), "TensorFlow.js 4.22.0: backend 'cpu' | CHOSE cpu");
});

it('PINLAB_TF_BACKEND rejects an unknown name, naming the variable', () => {
  const out = choose('gpu');
  assert.match(out, /^ERR PinlabInputError .*PINLAB_TF_BACKEND.*must be one of tensorflow, wasm, cpu; got 'gpu'/);
});
