import * as path from 'node:path';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { PinlabInputError } from '../errors';
import { CTL, claimChunk, finishChunk, openJob, type Job } from './protocol';
import type { Task, TaskArgs } from './task';
import { threadCount } from './threads';

interface Pool {
  ctl: Int32Array;
  workers: Worker[];
  ports: MessagePort[];
  seq: number;
}

let pool: Pool | undefined;

/**
 * `callerClaims: false` leaves every chunk to the workers (the calling thread only waits): tests
 * use it to make sure worker-computed results are what they check.
 */
export const poolSettings = { callerClaims: true };

/**
 * The process's workers (threads − 1 of them; the calling thread is the last), started on first
 * use and reused by every later call, so a notebook re-running its cells adds none. They are
 * unref'd: an idle pool never keeps a finished process alive.
 */
function getPool(threads: number): Pool {
  if (pool && pool.workers.length === threads - 1) return pool;
  if (pool) shutdown();
  const ctl = new Int32Array(new SharedArrayBuffer(4 * (CTL.deadBase + threads)));
  const workers: Worker[] = [];
  const ports: MessagePort[] = [];
  // Compiled (lib/dist) the worker is worker.js; from sources (tsx) it is worker.ts, which a
  // worker cannot load on its own (tsx's --import hooks do not reach worker entry points).
  const file = path.join(__dirname, `worker${path.extname(__filename)}`);
  const entry = file.endsWith('.ts') ? `require('tsx/cjs'); require(${JSON.stringify(file)});` : file;
  for (let i = 0; i < threads - 1; i++) {
    const { port1, port2 } = new MessageChannel();
    const w = new Worker(entry, {
      eval: entry !== file,
      workerData: { ctl, port: port2, index: i },
      transferList: [port2],
    });
    // A worker's death reaches the caller through the control block: from its own exit handler
    // while a call waits, or from this listener (when the event loop turns) if it died loading.
    // Listening also keeps an 'error' event from being rethrown here as an uncaught exception.
    w.on('exit', () => Atomics.store(ctl, CTL.deadBase + i, 1));
    w.on('error', () => Atomics.store(ctl, CTL.deadBase + i, 1));
    w.unref();
    port1.unref();
    workers.push(w);
    ports.push(port1);
  }
  pool = { ctl, workers, ports, seq: 0 };
  return pool;
}

/** Stops the pool's workers (the next parallel call starts new ones). */
export function shutdown(): void {
  if (!pool) return;
  for (const w of pool.workers) void w.terminate();
  for (const p of pool.ports) p.close();
  pool = undefined;
}

/** `count` items split into `parts` contiguous ranges of near-equal size. */
export function evenBounds(count: number, parts: number): Int32Array {
  const b = new Int32Array(parts + 1);
  for (let i = 0; i <= parts; i++) b[i] = Math.round((i * count) / parts);
  return b;
}

export interface ParallelOptions {
  /** Chunk boundaries (ascending, from 0 to the item count); default: one even chunk per thread. */
  bounds?: Int32Array;
  /** Below this many items the call runs inline on the calling thread (default 1). */
  minItems?: number;
  /** Thread count (default threadCount()). */
  threads?: number;
}

/** Throws (and drops the pool, so the next call starts afresh) if a worker has stopped. */
function checkAlive(p: Pool, taskName: string): void {
  for (let i = 0; i < p.workers.length; i++) {
    if (Atomics.load(p.ctl, CTL.deadBase + i)) {
      shutdown();
      throw new Error(`parallel kernel '${taskName}': worker ${i + 1} of ${p.workers.length} stopped`);
    }
  }
}

function rethrow(
  taskName: string,
  e: { name?: string; message: string; field?: string; reason?: string; index?: number },
): never {
  if (e.name === 'PinlabInputError' && e.field !== undefined && e.reason !== undefined)
    throw new PinlabInputError(e.field, e.reason, e.index);
  throw new Error(`parallel kernel '${taskName}' failed in a worker: ${e.message}`);
}

/**
 * Runs `task` over items [0, count) on the pool, synchronously: the calling thread and the
 * workers claim chunks until none is left, then the call returns. Results depend only on the
 * chunk boundaries, never on which thread ran which chunk. Typed-array arguments must live on
 * SharedArrayBuffers (see `shared()`). With one thread (PINLAB_THREADS=1) or fewer than
 * `minItems` items, the task runs inline over the whole range.
 * A chunk that throws rethrows here (a PinlabInputError keeps its type); a worker that dies
 * throws an error naming the task, and the pool restarts on the next call.
 */
export function parallelFor(task: Task, args: TaskArgs, count: number, options: ParallelOptions = {}): void {
  const threads = options.threads ?? threadCount();
  if (threads <= 1 || count < (options.minItems ?? 1)) {
    task.run(args, 0, count);
    return;
  }
  for (const [k, v] of Object.entries(args)) {
    if (typeof v !== 'number' && !(v.buffer instanceof SharedArrayBuffer)) {
      throw new Error(`parallel kernel '${task.name}': argument '${k}' is not on a SharedArrayBuffer`);
    }
  }
  const bounds = options.bounds ?? evenBounds(count, threads);
  const chunks = bounds.length - 1;
  const p = getPool(threads);
  const { ctl } = p;
  checkAlive(p, task.name);
  const seq = (p.seq = (p.seq % 0x7fff) + 1);
  const job: Job = { seq, module: task.module, name: task.name, args, bounds };
  for (const port of p.ports) port.postMessage(job);
  openJob(ctl, seq);
  Atomics.store(ctl, CTL.seq, seq);
  Atomics.notify(ctl, CTL.seq);
  let mainError: unknown;
  for (let c = poolSettings.callerClaims ? claimChunk(ctl, job) : -1; c >= 0; c = claimChunk(ctl, job)) {
    try {
      task.run(args, bounds[c], bounds[c + 1]);
    } catch (e) {
      mainError ??= e;
    }
    finishChunk(ctl);
  }
  for (;;) {
    const done = Atomics.load(ctl, CTL.done);
    if (done >= chunks) break;
    checkAlive(p, task.name);
    Atomics.wait(ctl, CTL.done, done, 100);
  }
  if (mainError) throw mainError;
  if (Atomics.load(ctl, CTL.failed)) {
    // The failing worker posted its error before flagging it; poll briefly in case the message
    // is still crossing threads. Errors of earlier jobs (a second failing chunk) are skipped.
    const until = performance.now() + 2000;
    do {
      for (const port of p.ports) {
        for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
          const msg = m.message as { seq: number; error: Parameters<typeof rethrow>[1] };
          if (msg.seq === seq) rethrow(task.name, msg.error);
        }
      }
    } while (performance.now() < until);
    throw new Error(`parallel kernel '${task.name}' failed in a worker`);
  }
}
