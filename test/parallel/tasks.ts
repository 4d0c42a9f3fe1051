// Tasks the pool tests run in workers (workers require this module by its path).
import { isMainThread, threadId } from 'node:worker_threads';
import { task } from '../../lib/parallel';
import { PinlabInputError } from '../../lib/errors';

/** out[i] = 2·x[i] + i (computed `reps` times, to make chunks slow), with the id of the thread that wrote it in `who`. */
export const affineTask = task(__filename, 'affineTask', (a, lo, hi) => {
  const x = a.x as Float32Array,
    out = a.out as Float32Array,
    who = a.who as Int32Array;
  const id = threadId;
  for (let r = 0; r < (a.reps as number); r++) {
    for (let i = lo; i < hi; i++) {
      out[i] = 2 * x[i] + i;
      who[i] = id;
    }
  }
});

/** Throws a PinlabInputError at item `bad`. */
export const badInputTask = task(__filename, 'badInputTask', (a, lo, hi) => {
  if (lo <= (a.bad as number) && (a.bad as number) < hi)
    throw new PinlabInputError('ids', 'out of range', a.bad as number);
});

/** Ends the thread running the chunk that holds item `bad` — but never the main thread. */
export const crashTask = task(__filename, 'crashTask', (a, lo, hi) => {
  if (!isMainThread && lo <= (a.bad as number) && (a.bad as number) < hi) process.exit(3);
  if (isMainThread) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
});
