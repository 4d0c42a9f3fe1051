import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { tensorflowUnavailable } from '../../lib/tf/backend';

// Stands in for a working tfjs-node: loading it registers a 'tensorflow' backend (the cpu backend
// under that name), as the real package does once `npm run setup:native` has given it its addon.
const FAKE_TFJS_NODE = `const Module = require('node:module');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request !== '@tensorflow/tfjs-node') return load.call(this, request, ...rest);
  const tf = load.call(this, '@tensorflow/tfjs', ...rest);
  const { MathBackendCPU } = load.call(this, '@tensorflow/tfjs-backend-cpu', ...rest);
  if (!tf.findBackendFactory('tensorflow')) tf.registerBackend('tensorflow', () => new MathBackendCPU());
  return tf;
};`;

// chooseBackend() remembers its first choice per process: each case runs in its own.
function choose(forced: string, withTensorflow = false): string {
  const script =
    (withTensorflow ? FAKE_TFJS_NODE : '') +
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

it("chooseBackend picks 'tensorflow' first whenever tfjs-node loads and registers it", () => {
  assert.equal(choose('', true), "TensorFlow.js 4.22.0: backend 'tensorflow' | CHOSE tensorflow");
});

const nativeInstalled = tensorflowUnavailable() === undefined;
it('without the addon, chooseBackend says why it skipped tfjs-node and takes wasm', { skip: nativeInstalled }, () => {
  const out = choose('');
  assert.match(out, /^TensorFlow\.js 4\.22\.0: backend 'wasm' \(skipped: tensorflow \(tfjs-node .+\)\) \| CHOSE wasm$/);
});
