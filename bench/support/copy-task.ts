// The memory-copy baseline of bench/kernels: dst[i] = src[i], split across the pool.
import { task } from '../../lib/parallel';

export const copyTask = task(__filename, 'copyTask', (a, lo, hi) => {
  (a.dst as Float32Array).set((a.src as Float32Array).subarray(lo, hi), lo);
});
