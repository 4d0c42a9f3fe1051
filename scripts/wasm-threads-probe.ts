// Probe: does tfjs-backend-wasm's threaded SIMD build run threads under Node? (docs/parallel.md)
//   node --import tsx scripts/wasm-threads-probe.ts stock        the build chooseBackend() gets
//   node --import tsx scripts/wasm-threads-probe.ts forced 2     WASM_HAS_MULTITHREAD_SUPPORT forced on
//   node --import tsx scripts/wasm-threads-probe.ts shimmed 2    … plus the two shims below
// Prints the thread count the backend reports, running pthreads, and matMul / elementwise timings.
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as wasm from '@tensorflow/tfjs-backend-wasm';
import { spread } from '../bench/support/timing';

const [mode = 'stock', threadsArg = '2'] = process.argv.slice(2);
const threads = Number(threadsArg);

/**
 * tfjs hands Emscripten blob: URLs, which browsers accept and node's Worker does not: run the
 * pthread worker script as eval code, and point its 'load' message at the threaded build's file.
 */
function installBlobShims(): void {
  const dir = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a file inside the package, not an export
  const { wasmWorkerContents } = require(path.join(dir, 'tfjs-backend-wasm-threaded-simd.worker.js')) as {
    wasmWorkerContents: string;
  };
  const mainJs = path.join(dir, 'tfjs-backend-wasm-threaded-simd.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module object Emscripten reads Worker from
  const wt = require('node:worker_threads');
  const Base = wt.Worker;
  wt.Worker = class extends Base {
    constructor(file: string | URL, options?: object) {
      // The contents hold raw newlines inside string literals (tfjs escapes them the same way).
      if (String(file).startsWith('blob:')) super(wasmWorkerContents.replace(/\n/g, '\\n'), { ...options, eval: true });
      else super(file, options);
    }
    postMessage(msg: { cmd?: string; urlOrBlob?: unknown }, transfer?: readonly unknown[]): void {
      super.postMessage(
        msg?.cmd === 'load' && typeof msg.urlOrBlob !== 'string' ? { ...msg, urlOrBlob: mainJs } : msg,
        transfer,
      );
    }
  };
}

async function main(): Promise<void> {
  if (mode !== 'stock') {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
    wasm.setThreadsCount(threads);
  }
  if (mode === 'shimmed') installBlobShims();
  const t0 = performance.now();
  await tf.setBackend('wasm');
  const module = (
    tf.backend() as unknown as {
      wasm: { HEAPU8: Uint8Array; PThread?: { runningWorkers: unknown[]; unusedWorkers: unknown[] } };
    }
  ).wasm;
  console.log(
    `${mode}: init ${(performance.now() - t0).toFixed(0)} ms; getThreadsCount() = ${wasm.getThreadsCount()}; ` +
      `heap is ${module.HEAPU8.buffer instanceof SharedArrayBuffer ? '' : 'not '}a SharedArrayBuffer; ` +
      `pthreads running ${module.PThread?.runningWorkers.length ?? 'n/a'}, idle ${module.PThread?.unusedWorkers.length ?? 'n/a'}`,
  );
  for (const n of [256, 512, 1024]) {
    const a = tf.randomNormal([n, n]);
    const b = tf.randomNormal([n, n]);
    tf.matMul(a, b).dataSync();
    const ms: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t = performance.now();
      tf.matMul(a, b).dataSync();
      ms.push(performance.now() - t);
    }
    const s = spread(ms);
    console.log(
      `  matMul ${n}³: ${((2 * n ** 3) / s.median / 1e6).toFixed(1)} GFLOP/s (median of 7; ${s.min.toFixed(1)}–${s.max.toFixed(1)} ms)`,
    );
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.log(`${mode}: failed: ${(e as Error)?.message ?? String(e)}`);
    process.exit(1);
  },
);
