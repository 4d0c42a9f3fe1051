import { poolSettings } from '../../lib/parallel';

/** Runs fn at t threads, with the workers (not the calling thread) computing every chunk. */
export function withThreads<T>(t: number, fn: () => T): T {
  const saved = process.env.PINLAB_THREADS;
  process.env.PINLAB_THREADS = String(t);
  poolSettings.callerClaims = false;
  try {
    return fn();
  } finally {
    poolSettings.callerClaims = true;
    if (saved === undefined) delete process.env.PINLAB_THREADS;
    else process.env.PINLAB_THREADS = saved;
  }
}
