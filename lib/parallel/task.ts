/** Arguments of a parallel task: typed arrays (shared with the workers when SharedArrayBuffer-backed) and numbers. */
export type TaskArgs = Record<string, Float32Array | Int32Array | number>;

/** Computes the part of a task's result for items [lo, hi), writing nothing outside its part. */
export type TaskFn = (args: TaskArgs, lo: number, hi: number) => void;

/**
 * A function workers can run: they `require(module)` and call `exports[name].run`. Define one
 * per module-level export: `export const fooTask = task(__filename, 'fooTask', (args, lo, hi) => …)`.
 */
export interface Task {
  readonly module: string;
  readonly name: string;
  readonly run: TaskFn;
}

export function task(module: string, name: string, run: TaskFn): Task {
  return { module, name, run };
}
