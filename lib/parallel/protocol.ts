/**
 * The shared control block of the pool (one Int32Array over a SharedArrayBuffer):
 * - `seq`: the job number; workers sleep on it (Atomics.wait) and wake when it changes.
 * - `next`: (seq mod 2¹⁵) << 16 | chunks claimed so far; claims are compare-and-swap on the whole
 *   word, so a worker that wakes late for a finished job can never claim a chunk of the next one.
 * - `done`: chunks finished (or failed) in the current job; the main thread sleeps on it.
 * - `failed`: set when a chunk threw (the worker posts the error on its port).
 * - `deadBase + i`: set by worker i's exit handler.
 */
export const CTL = { seq: 0, next: 1, done: 2, failed: 3, deadBase: 4 } as const;

/** What the main thread posts to each worker per job. */
export interface Job {
  seq: number;
  module: string;
  name: string;
  args: Record<string, unknown>;
  /** Chunk c covers items [bounds[c], bounds[c + 1]). */
  bounds: Int32Array;
}

const tag = (seq: number) => (seq & 0x7fff) << 16;

/** Claims the next chunk of `job`: its index, or -1 when none is left (or the job is over). */
export function claimChunk(ctl: Int32Array, job: Job): number {
  const chunks = job.bounds.length - 1;
  for (;;) {
    const v = Atomics.load(ctl, CTL.next);
    if ((v & ~0xffff) !== tag(job.seq)) return -1;
    const c = v & 0xffff;
    if (c >= chunks) return -1;
    if (Atomics.compareExchange(ctl, CTL.next, v, v + 1) === v) return c;
  }
}

export function finishChunk(ctl: Int32Array): void {
  Atomics.add(ctl, CTL.done, 1);
  Atomics.notify(ctl, CTL.done);
}

/** Opens job `seq` for claiming (the main thread, before bumping `seq`). */
export function openJob(ctl: Int32Array, seq: number): void {
  Atomics.store(ctl, CTL.done, 0);
  Atomics.store(ctl, CTL.failed, 0);
  Atomics.store(ctl, CTL.next, tag(seq));
}
