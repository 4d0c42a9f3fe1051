import { evenBounds, parallelFor, task, threadCount, type Task, type TaskArgs } from '../parallel';

/**
 * Below this many elements an elementwise pass runs inline: a pool call costs tens of
 * microseconds (a message per worker, a wake-up), about what 2¹⁶ float multiply-adds take.
 */
export const ELEMENTWISE_MIN = 1 << 16;

/**
 * Runs an elementwise task over [0, n) on the pool when every typed-array argument lives on a
 * SharedArrayBuffer, else inline. Each element is computed by exactly one chunk with the same
 * arithmetic as the inline loop, so the result is bit-identical at any thread count. Four chunks
 * per thread, so a thread descheduled by other load holds up a quarter of its share, not all of it.
 */
export function runElementwise(t: Task, args: TaskArgs, n: number): void {
  const threads = threadCount();
  const onShared = Object.values(args).every((a) => typeof a === 'number' || a.buffer instanceof SharedArrayBuffer);
  if (threads > 1 && onShared && n >= ELEMENTWISE_MIN) {
    parallelFor(t, args, n, { threads, bounds: evenBounds(n, 4 * threads) });
    return;
  }
  t.run(args, 0, n);
}

/** out[k] = s · x[k]. */
export const scaleTask = task(__filename, 'scaleTask', (a, lo, hi) => {
  const x = a.x as Float32Array,
    out = a.out as Float32Array,
    s = a.s as number;
  for (let k = lo; k < hi; k++) out[k] = x[k] * s;
});

/** out[k] += s · x[k]. */
export const addScaledTask = task(__filename, 'addScaledTask', (a, lo, hi) => {
  const x = a.x as Float32Array,
    out = a.out as Float32Array,
    s = a.s as number;
  for (let k = lo; k < hi; k++) out[k] += x[k] * s;
});

/** out[k] = 0. */
export const zeroTask = task(__filename, 'zeroTask', (a, lo, hi) => {
  (a.out as Float32Array).fill(0, lo, hi);
});

/** out = s · x (same length; on the pool when both are shared). */
export function scaleInto(x: Float32Array, s: number, out: Float32Array): void {
  runElementwise(scaleTask, { x, out, s }, out.length);
}

/** out += s · x (same length; on the pool when both are shared). */
export function addScaled(out: Float32Array, x: Float32Array, s: number): void {
  runElementwise(addScaledTask, { x, out, s }, out.length);
}

/** out = 0 (on the pool when shared). */
export function zero(out: Float32Array): void {
  runElementwise(zeroTask, { out }, out.length);
}
