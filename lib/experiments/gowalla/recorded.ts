import { PinlabInputError } from '../../errors';
import {
  mergeRecordedRows,
  readRecordedResult,
  recordedLabel,
  rowLabel,
  type RunRecordLike,
} from '../../io/recorded-results';
import { GOWALLA_RECIPES, type GowallaResult } from './recipes';

/** The recorded full `npm run repro:gowalla` (results/repro-gowalla.json) as table rows with their label. */
export interface GowallaRecorded {
  /** "recorded at <commit>, <date>". */
  label: string;
  command: string;
  /** Each row labelled with the run that recorded it: rows come from separate runs (`mergeGowallaRecord`). */
  results: (GowallaResult & { label: string })[];
}

/**
 * results/repro-gowalla.json after a run that trained `trainedHere`: those models' rows, stamped with this
 * run's commit, date, command, machine and each model's own minutes (fit or training, validation choice,
 * evaluation), replace theirs; the other rows keep the run that recorded them (`mergeRecordedRows`).
 */
export function mergeGowallaRecord<T extends RunRecordLike>(
  previous: unknown,
  current: T,
  trainedHere: readonly string[],
): T {
  return mergeRecordedRows(previous, current, {
    order: Object.keys(GOWALLA_RECIPES),
    minutes: (r) =>
      ['trainSeconds', 'evalSeconds', 'selectSeconds'].reduce((t, k) => t + ((r[k] as number) ?? 0), 0) / 60,
    provenance: (r, run, minutes) =>
      trainedHere.includes(r.recipe as string)
        ? { commit: run.git.commit!, finished: run.finished!, command: run.command, minutes, machine: run.env.machine }
        : null,
  });
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
    const label = rowLabel(rec, r);
    return { ...r, name: GOWALLA_RECIPES[r.recipe]?.name ?? r.name, curve: [], label } as GowallaResult & {
      label: string;
    };
  });
  return { label: recordedLabel(rec), command: rec.command, results };
}
