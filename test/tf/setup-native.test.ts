import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

// `npm run setup:native` where libtensorflow cannot be fetched, simulated by pointing tfjs-node's
// download (TFJS_NODE_CDN_STORAGE) at local hosts: it must fail with a clear message, leave
// tfjs-node's folder as it was, and leave pinlab choosing wasm.
const root = path.resolve(__dirname, '../..');
const pkgDir = path.join(root, 'node_modules/@tensorflow/tfjs-node');

function chosenBackend(): string {
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      "require('./lib/tf/backend').chooseBackend({ log: () => {} }).then((b) => console.log('BACKEND', b))",
    ],
    { cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, PINLAB_TF_BACKEND: '' } },
  );
  return /BACKEND (\w+)/.exec(r.stdout)?.[1] ?? `none: ${r.stderr}`;
}

/** tfjs-node's folder: names, and the manifest its install script rewrites. */
function snapshot(): string {
  return JSON.stringify([fs.readdirSync(pkgDir).sort(), fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')]);
}

/** Runs the command asynchronously (the fake hosts answer from this process). */
function setupNative(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/setup-native.ts'], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // A guard, not a timing assertion: a hang fails the test instead of stalling npm test.
    const guard = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('exit', (code) => {
      clearTimeout(guard);
      resolve({ code, stderr });
    });
  });
}

function listen(handler: http.RequestListener): Promise<http.Server> {
  return new Promise((resolve) => {
    const server = http.createServer(handler);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}
const hostOf = (s: http.Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}/`;

const nativeWorks = fs.existsSync(path.join(pkgDir, 'lib')) && chosenBackend() === 'tensorflow';

const skip = nativeWorks && 'tfjs-node is installed';
describe('npm run setup:native where libtensorflow cannot be fetched', { skip }, () => {
  let before0: string;
  const servers: http.Server[] = [];
  before(() => {
    before0 = snapshot();
  });
  after(() => {
    for (const s of servers) {
      s.closeAllConnections();
      s.close();
    }
  });

  it('fails fast on a refused connection, naming libtensorflow and the URL, and leaves wasm in place', async () => {
    const closed = await listen(() => {});
    const host = hostOf(closed);
    await new Promise((r) => closed.close(r));
    const r = await setupNative({ TFJS_NODE_CDN_STORAGE: host });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cannot fetch libtensorflow \(ECONNREFUSED\) from http:\/\/127\.0\.0\.1:\d+\/tensorflow\//);
    assert.match(r.stderr, /node_modules is unchanged/);
    assert.equal(snapshot(), before0);
    assert.equal(chosenBackend(), 'wasm');
  });

  it('gives up on a host that never answers after the probe limit', async () => {
    const silent = await listen(() => {});
    servers.push(silent);
    const r = await setupNative({ TFJS_NODE_CDN_STORAGE: hostOf(silent), PINLAB_NATIVE_PROBE_MS: '300' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cannot fetch libtensorflow \(no answer within 300 ms\)/);
    assert.equal(snapshot(), before0);
  });

  it('puts tfjs-node back as it was when the download breaks mid-install', async () => {
    const broken = await listen((req, res) => {
      res.writeHead(200, { 'content-length': '9' });
      res.end(req.method === 'HEAD' ? undefined : 'not a tar');
    });
    servers.push(broken);
    const r = await setupNative({ TFJS_NODE_CDN_STORAGE: hostOf(broken), PINLAB_NATIVE_INSTALL_S: '60' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /tfjs-node's install failed: exit code 1/);
    assert.equal(snapshot(), before0);
    assert.equal(chosenBackend(), 'wasm');
  });
});
