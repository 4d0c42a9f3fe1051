import * as os from 'node:os';
import { PinlabInputError } from '../errors';

/**
 * Threads pinlab's parallel kernels use: `PINLAB_THREADS` when set (1 = the single-threaded code
 * paths, exactly as before the pool existed), else `os.availableParallelism()`.
 */
export function threadCount(): number {
  const raw = process.env.PINLAB_THREADS;
  if (raw === undefined || raw === '') return os.availableParallelism();
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 256)
    throw new PinlabInputError('PINLAB_THREADS', `must be an integer in [1, 256], got '${raw}'`);
  return n;
}
