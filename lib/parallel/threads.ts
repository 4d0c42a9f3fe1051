import * as fs from 'node:fs';
import * as os from 'node:os';
import { PinlabInputError } from '../errors';

/** How long a thread share read from `PINLAB_THREAD_SHARE` is trusted before the file is read again. */
const SHARE_TTL_MS = 250;
let share: { file: string; value: number; readAt: number } | undefined;

/**
 * Threads pinlab's parallel kernels use:
 * - `PINLAB_THREADS` when set (1 = the single-threaded code paths, exactly as before the pool existed);
 * - else, with `PINLAB_THREAD_SHARE` naming a file, the integer in it, re-read at most every 250 ms
 *   and capped at the machine's cores. `npm run reports` writes it as kernels finish, so the last
 *   notebook running gets every core (a share that changes mid-run changes no number: every kernel
 *   is bit-identical at any thread count, docs/parallel.md). An unreadable file keeps the last share
 *   (1 before any);
 * - else `os.availableParallelism()`.
 */
export function threadCount(): number {
  const raw = process.env.PINLAB_THREADS;
  if (raw !== undefined && raw !== '') return parseThreads('PINLAB_THREADS', raw);
  const file = process.env.PINLAB_THREAD_SHARE;
  if (file === undefined || file === '') return os.availableParallelism();
  const now = performance.now();
  if (share && share.file === file && now - share.readAt < SHARE_TTL_MS) return share.value;
  let value = share?.file === file ? share.value : 1;
  try {
    value = Math.min(
      os.availableParallelism(),
      parseThreads('PINLAB_THREAD_SHARE', fs.readFileSync(file, 'utf8').trim()),
    );
  } catch (e) {
    if (e instanceof PinlabInputError) throw e;
  }
  share = { file, value, readAt: now };
  return value;
}

function parseThreads(field: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 256)
    throw new PinlabInputError(field, `must be an integer in [1, 256], got '${raw}'`);
  return n;
}
