import { PinlabInputError } from '../../errors';
import { readRecordedResult, recordedLabel, type RecordedResult } from '../../io/recorded-results';
import { GOWALLA_RECIPES, type GowallaResult } from './recipes';

/** The recorded full `npm run repro:gowalla` (results/repro-gowalla.json) as table rows with their label. */
export interface GowallaRecorded {
  /** "recorded at <commit>, <date>". */
  label: string;
  command: string;
  /** Each row labelled with the run that recorded it: rows come from separate runs (`mergeGowallaRecord`). */
  results: (GowallaResult & { label: string })[];
}

/** The run that recorded one model's row in results/repro-gowalla.json. */
export interface GowallaRowProvenance {
  commit: string;
  /** When that run finished (ISO, UTC). */
  finished: string;
  command: string;
  /** That model's own minutes in the run: its fit or training, validation choice and evaluation. */
  minutes: number;
  machine: unknown;
}

/** The fields of a run record (scripts/run-record.ts) that `mergeGowallaRecord` reads and writes. */
interface RunRecordLike {
  git: { commit: string | null };
  finished: string | null;
  command: string;
  env: { machine: unknown };
  metrics: Record<string, number | string | boolean>;
  details?: unknown;
}

const rowsOf = (record: unknown): Record<string, unknown>[] => {
  const rows = (record as { details?: { results?: unknown } } | null)?.details?.results;
  return Array.isArray(rows) ? rows : [];
};

/**
 * results/repro-gowalla.json after a run that trained `trainedHere`: those models' rows (each stamped
 * with this run's commit, date, command, its own minutes and the machine) replace theirs in `previous`,
 * whose other rows keep the run that recorded them. A full reproduction takes hours, so the record is
 * per model; the file's top-level fields are those of its latest run, and its metrics cover every row.
 */
export function mergeGowallaRecord<T extends RunRecordLike>(
  previous: unknown,
  current: T,
  trainedHere: readonly string[],
): T {
  const stamp = (r: Record<string, unknown>): Record<string, unknown> => {
    const secs = ['trainSeconds', 'evalSeconds', 'selectSeconds'].reduce((t, k) => t + ((r[k] as number) ?? 0), 0);
    const recorded: GowallaRowProvenance = {
      commit: current.git.commit!,
      finished: current.finished!,
      command: current.command,
      minutes: secs / 60,
      machine: current.env.machine,
    };
    return { ...r, recorded };
  };
  const fresh = rowsOf(current)
    .filter((r) => trainedHere.includes(r.recipe as string))
    .map(stamp);
  const kept = rowsOf(previous).filter((r) => !trainedHere.includes(r.recipe as string));
  const order = Object.keys(GOWALLA_RECIPES);
  const results = [...kept, ...fresh].sort(
    (a, b) => order.indexOf(a.recipe as string) - order.indexOf(b.recipe as string),
  );
  const ofRow = (recipes: unknown[], metrics: Record<string, number | string | boolean>) =>
    Object.entries(metrics).filter(([k]) => recipes.some((r) => k.startsWith(`${r}_`)));
  const prevMetrics = (previous as { metrics?: Record<string, number> } | null)?.metrics ?? {};
  return {
    ...current,
    metrics: Object.fromEntries([
      ...ofRow(
        kept.map((r) => r.recipe),
        prevMetrics,
      ),
      ...ofRow(
        fresh.map((r) => r.recipe),
        current.metrics,
      ),
    ]),
    details: { ...(current.details as object), results },
  };
}

/**
 * The full Gowalla reproduction recorded in results/ for `seed`, or null when there is none (for that
 * seed). Its results carry no learning curves (results/ holds records, not data).
 */
export function gowallaRecorded(seed: number, dir?: string): GowallaRecorded | null {
  const rec = readRecordedResult('repro-gowalla', dir);
  if (!rec || rec.params.seed !== seed) return null;
  const rows = (rec.details as { results?: unknown } | undefined)?.results;
  if (!Array.isArray(rows))
    throw new PinlabInputError('results/repro-gowalla.json: details.results', 'must be an array of Gowalla results');
  const results = rows.map((r, i) => {
    const ok =
      typeof r === 'object' &&
      r !== null &&
      typeof r.recipe === 'string' &&
      typeof r.epochs === 'number' &&
      typeof r.trainSeconds === 'number' &&
      Array.isArray(r.summary);
    if (!ok)
      throw new PinlabInputError(
        'results/repro-gowalla.json: details.results',
        'each needs recipe, epochs, trainSeconds, summary',
        i,
      );
    const p = r.recorded as GowallaRowProvenance | undefined;
    // A row written before rows were stamped one by one belongs to the file's own run.
    const label = p
      ? recordedLabel({ ...rec, commit: p.commit, finished: p.finished } as RecordedResult)
      : recordedLabel(rec);
    return { ...r, name: GOWALLA_RECIPES[r.recipe]?.name ?? r.name, curve: [], label } as GowallaResult & {
      label: string;
    };
  });
  return { label: recordedLabel(rec), command: rec.command, results };
}
