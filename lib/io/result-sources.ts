/** Where a row of a reproduction table comes from, as notebooks label it. */
export const TRAINED_IN_THIS_RUN = 'trained in this run';
export const CACHED_IN_THIS_CHECKOUT = 'cached in this checkout';

/**
 * The label of a result of this checkout: "trained in this run" when its key is in `trainedHere`
 * (the models the notebook trained just now), else "cached in this checkout" (an earlier run's).
 */
export function localSource(trainedHere: ReadonlySet<string>): (key: string) => string {
  return (key) => (trainedHere.has(key) ? TRAINED_IN_THIS_RUN : CACHED_IN_THIS_CHECKOUT);
}

/** A recorded reproduction's results with their label ("recorded at <commit>, <date>", `recordedLabel`). */
export interface RecordedRows<T> {
  readonly label: string;
  readonly results: readonly T[];
}

/**
 * The rows of a table that shows this checkout's results next to a recorded reproduction's: one
 * group per key (in order of first appearance among `local`, then `recorded`, then `extraKeys`),
 * the local row first, the recorded one under it, and `row(undefined, '—', key, [])` for a key that has
 * neither (a published model nobody ran). `row` also gets the results its row came from (`local` or
 * the recorded ones), where a row finds the other results of the same run.
 */
export function sourcedRows<T, R>(
  local: readonly T[],
  recorded: RecordedRows<T> | undefined,
  key: (t: T) => string,
  row: (t: T | undefined, source: string, key: string, run: readonly T[]) => R,
  options: {
    readonly source?: (t: T) => string;
    /** A recorded row's own label, when its model was recorded by another run than `recorded.label`'s. */
    readonly recordedSource?: (t: T) => string | undefined;
    readonly extraKeys?: readonly string[];
  } = {},
): R[] {
  const keys = [...new Set([...local.map(key), ...(recorded?.results ?? []).map(key), ...(options.extraKeys ?? [])])];
  return keys.flatMap((k) => {
    const here = local.find((t) => key(t) === k);
    const there = recorded?.results.find((t) => key(t) === k);
    const rows = [
      ...(here ? [row(here, options.source?.(here) ?? 'this checkout', k, local)] : []),
      ...(there ? [row(there, options.recordedSource?.(there) ?? recorded!.label, k, recorded!.results)] : []),
    ];
    return rows.length > 0 ? rows : [row(undefined, '—', k, [])];
  });
}
