// npm run setup:native: gives @tensorflow/tfjs-node (an optional dependency, installed with its
// install script denied so that `npm ci` never reaches for the network) its native part —
// libtensorflow and the addon, fetched by the package's own install script. Checks first that
// libtensorflow can be fetched, failing fast with a clear message when it cannot; a failed install
// puts the package's folder back as it was, so pinlab keeps running on wasm.
//   TFJS_NODE_CDN_STORAGE / TFJS_NODE_BASE_URI: a mirror (read by tfjs-node's install script too)
//   PINLAB_NATIVE_PROBE_MS (default 10000), PINLAB_NATIVE_INSTALL_S (default 900): time limits
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../lib/io/atomic';

const root = path.resolve(__dirname, '..');
const say = (line: string) => console.log(`[setup:native] ${line}`);

function fail(lines: string[]): never {
  for (const line of lines) console.error(`[setup:native] ${line}`);
  console.error('[setup:native] node_modules is unchanged: pinlab keeps running on the wasm backend.');
  process.exit(1);
}

/** Whether this checkout's tfjs-node loads and runs a product on the 'tensorflow' backend. */
function tensorflowWorks(): boolean {
  const probe = `const tf = require('@tensorflow/tfjs-node');
    if (tf.getBackend() !== 'tensorflow') process.exit(2);
    const y = tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).dataSync()[0];
    process.exit(y === 11 ? 0 : 3);`;
  return spawnSync(process.execPath, ['-e', probe], { cwd: root, stdio: 'ignore', timeout: 120_000 }).status === 0;
}

/** The libtensorflow archive tfjs-node's install script downloads, under the same environment variables. */
function libtensorflowUrl(pkgDir: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the installed package's own constants
  const { LIBTENSORFLOW_VERSION } = require(path.join(pkgDir, 'scripts/deps-constants.js')) as {
    LIBTENSORFLOW_VERSION: string;
  };
  const env = process.env;
  const host =
    env.TFJS_NODE_CDN_STORAGE ||
    env.npm_config_TFJS_NODE_CDN_STORAGE ||
    env.CDN_STORAGE ||
    'https://storage.googleapis.com/';
  const base =
    env.TFJS_NODE_BASE_URI || env.npm_config_TFJS_NODE_BASE_URI || `${host}tensorflow/libtensorflow/libtensorflow-`;
  const arch = ({ x64: 'x86_64', arm64: 'arm64' } as Record<string, string>)[os.arch()];
  if (os.platform() !== 'linux' || arch !== 'x86_64') {
    fail([`this command knows tfjs-node's download for linux x86_64 only (found ${os.platform()} ${os.arch()})`]);
  }
  return `${base}cpu-linux-${arch}-${LIBTENSORFLOW_VERSION}.tar.gz`;
}

/** Resolves to undefined when `url` answers a HEAD request with a success status, else to the reason. */
function probe(url: string, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    let req: http.ClientRequest;
    try {
      req = (url.startsWith('https:') ? https : http).request(url, { method: 'HEAD', timeout: timeoutMs });
    } catch (e) {
      resolve((e as Error).message);
      return;
    }
    req.on('response', (res) => {
      res.resume();
      const status = res.statusCode ?? 0;
      resolve(status < 400 ? undefined : `HTTP ${status}`);
    });
    req.on('timeout', () => {
      req.destroy();
      resolve(`no answer within ${timeoutMs} ms`);
    });
    req.on('error', (e) => resolve((e as NodeJS.ErrnoException).code ?? e.message));
    req.end();
  });
}

/** Runs tfjs-node's install script in its own process group, killed whole at the time limit. */
function runInstallScript(pkgDir: string, limitS: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const env = { ...process.env, PATH: `${path.join(root, 'node_modules/.bin')}${path.delimiter}${process.env.PATH}` };
    const child = spawn(process.execPath, ['scripts/install.js'], {
      cwd: pkgDir,
      env,
      stdio: 'inherit',
      detached: true,
    });
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, limitS * 1000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code === 0 ? undefined : signal ? `stopped after ${limitS} s (${signal})` : `exit code ${code}`);
    });
  });
}

async function main(): Promise<void> {
  let pkgDir: string;
  try {
    pkgDir = path.dirname(require.resolve('@tensorflow/tfjs-node/package.json', { paths: [root] }));
  } catch {
    fail(['@tensorflow/tfjs-node is not installed: run npm install (it is an optional dependency), then this again']);
  }
  if (tensorflowWorks()) {
    say("tfjs-node already works: chooseBackend() picks the 'tensorflow' backend");
    return;
  }
  const url = libtensorflowUrl(pkgDir);
  const probeMs = Number(process.env.PINLAB_NATIVE_PROBE_MS ?? 10_000);
  say(`checking that libtensorflow can be fetched: ${url}`);
  const unreachable = await probe(url, probeMs);
  if (unreachable) {
    fail([
      `cannot fetch libtensorflow (${unreachable}) from ${url}`,
      'tfjs-node needs it; set TFJS_NODE_CDN_STORAGE to a reachable mirror of storage.googleapis.com and retry.',
    ]);
  }
  // The install script rewrites package.json and fills deps/ and lib/: note what to put back.
  const manifest = path.join(pkgDir, 'package.json');
  const manifestText = fs.readFileSync(manifest, 'utf8');
  const created = ['deps', 'lib'].map((d) => path.join(pkgDir, d)).filter((d) => !fs.existsSync(d));
  const limitS = Number(process.env.PINLAB_NATIVE_INSTALL_S ?? 900);
  say("running tfjs-node's install script (downloads libtensorflow, then the addon)");
  const failure =
    (await runInstallScript(pkgDir, limitS)) ?? (tensorflowWorks() ? undefined : 'the addon does not load');
  if (failure) {
    for (const d of created) fs.rmSync(d, { recursive: true, force: true });
    writeFileAtomic(manifest, manifestText);
    fail([`tfjs-node's install failed: ${failure}`]);
  }
  say("done: chooseBackend() now picks the 'tensorflow' backend (PINLAB_TF_BACKEND=wasm to keep wasm)");
}

void main();
