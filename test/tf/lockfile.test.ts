import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

// danfojs gets plain tfjs under tfjs-node's name, and only danfojs: a lock file regenerated from one
// where the alias sat at the top (npm takes any package of the alias's version as satisfying it)
// would hand pinlab the alias when it asks for tfjs-node.
test('package-lock: tfjs-node at the top is the real package; the tfjs alias sits under danfojs only', () => {
  const lock = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package-lock.json'), 'utf8')) as {
    packages: Record<string, { name?: string; version?: string; optional?: boolean }>;
  };
  const entries = Object.entries(lock.packages).filter(([k]) => k.endsWith('node_modules/@tensorflow/tfjs-node'));
  const top = lock.packages['node_modules/@tensorflow/tfjs-node'];
  assert.ok(top, 'no top-level @tensorflow/tfjs-node');
  assert.equal(top.name, undefined, `the top-level tfjs-node is an alias of ${top.name}`);
  assert.equal(top.optional, true);
  const aliases = entries.filter(([, v]) => v.name === '@tensorflow/tfjs').map(([k]) => k);
  assert.deepEqual(aliases, ['node_modules/danfojs-node/node_modules/@tensorflow/tfjs-node']);
});
