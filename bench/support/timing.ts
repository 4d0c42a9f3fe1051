import { median } from '../../lib/stats/summary';

/** Median and range of a sample: every benchmark ratio is printed as a median with its min–max. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function spread(xs: number[]): Spread {
  if (xs.length === 0) throw new Error('spread of an empty sample');
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
}

/**
 * CPU seconds (user + system, all threads) this process has used since `since` (a process.cpuUsage()
 * reading): the machine is shared, and wall time mostly measures other people's load.
 */
export function cpuSecondsSince(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
}

/** CPU seconds of `fn` (median of `reps` runs), with the last run's result. */
export function cpuSeconds<T>(fn: () => T, reps = 1): { seconds: number; result: T } {
  const times: number[] = [];
  let result!: T;
  for (let i = 0; i < reps; i++) {
    const start = process.cpuUsage();
    result = fn();
    times.push(cpuSecondsSince(start));
  }
  return { seconds: median(times), result };
}

/** Wall times (ms) of `reps` runs of `fn` after `warmup` runs. */
export async function timesMs(fn: () => unknown | Promise<unknown>, reps = 5, warmup = 1): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times;
}

/** Median wall time (ms) of `reps` runs of `fn` after `warmup` runs: medians resist the noise of a shared machine. */
export async function medianMs(fn: () => unknown | Promise<unknown>, reps = 5, warmup = 1): Promise<number> {
  return spread(await timesMs(fn, reps, warmup)).median;
}

/**
 * Per-repetition ratios a[i] / b[i] of paired samples (taken alternately, so load affects both
 * alike), as median and min–max.
 */
export function ratioSpread(a: number[], b: number[]): Spread {
  if (a.length !== b.length) throw new Error('ratioSpread: samples differ in length');
  return spread(a.map((x, i) => x / b[i]));
}

export function fmtSpread(s: Spread, digits = 2, unit = ''): string {
  return `${s.median.toFixed(digits)}${unit} (min–max ${s.min.toFixed(digits)}–${s.max.toFixed(digits)}${unit})`;
}

export function fmtMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}

/** Runs `fn` with PINLAB_THREADS = t. */
function withThreads<T>(t: number, fn: () => T): T {
  const saved = process.env.PINLAB_THREADS;
  process.env.PINLAB_THREADS = String(t);
  try {
    return fn();
  } finally {
    if (saved === undefined) delete process.env.PINLAB_THREADS;
    else process.env.PINLAB_THREADS = saved;
  }
}

/** Paired samples of one function at 1 thread and at more (ms; index i of each list is one pair). */
export interface PairedThreads {
  one: number[];
  many: number[];
  /** CPU time (all threads of this process) of the same runs. */
  cpuOne: number[];
  cpuMany: number[];
}

/**
 * Wall times (ms) of `fn` at 1 and at `threads` threads, alternating (so load drifts hit both
 * alike), after one warm-up of each: `reps` paired samples. CPU times come with them: on a shared
 * machine the wall ratio mostly measures the others' load, while CPU(many) / CPU(one) measures
 * the work parallelism adds (1 = none; waiting in Atomics.wait costs none).
 */
export function pairedThreads(fn: () => void, threads: number, reps: number): PairedThreads {
  const time = (t: number) =>
    withThreads(t, () => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      fn();
      return [performance.now() - t0, cpuSecondsSince(c0) * 1000];
    });
  time(1);
  time(threads);
  const r: PairedThreads = { one: [], many: [], cpuOne: [], cpuMany: [] };
  for (let i = 0; i < reps; i++) {
    const [w1, c1] = time(1);
    const [wn, cn] = time(threads);
    r.one.push(w1);
    r.cpuOne.push(c1);
    r.many.push(wn);
    r.cpuMany.push(cn);
  }
  return r;
}
