import { PinlabInputError } from '../../errors';
import {
  mergeRecordedRows,
  readRecordedResult,
  recordedLabel,
  rowLabel,
  type RunRecordLike,
} from '../../io/recorded-results';
import { GAMES_RECIPES } from './recipes';
import type { GamesResult } from './run';

/** The recorded full `npm run repro:games` (results/repro-games.json): its rows and where they come from. */
export interface GamesRecorded {
  /** "recorded at <commit>, <date>". */
  readonly label: string;
  readonly command: string;
  /** Each row labelled with the run that trained it: rows come from separate runs (`mergeGamesRecord`). */
  readonly results: (GamesResult & { readonly label: string })[];
}

/**
 * results/repro-games.json after a run: each of its rows that names the commit it was trained at (a row
 * trained in this run, or reused from this checkout's record of an earlier run) replaces its model's row,
 * stamped with that commit and date, this run's command and machine, and the model's training plus
 * evaluation minutes; the other rows keep the run that recorded them (`mergeRecordedRows`).
 */
export function mergeGamesRecord<T extends RunRecordLike>(previous: unknown, current: T): T {
  return mergeRecordedRows(previous, current, {
    order: GAMES_RECIPES.map((r) => r.name),
    minutes: (r) => ((r.trainMinutes as number) ?? 0) + ((r.evalMinutes as number) ?? 0),
    provenance: (r, run, minutes) =>
      typeof r.commit === 'string'
        ? { commit: r.commit, finished: r.date as string, command: run.command, minutes, machine: run.env.machine }
        : null,
  });
}

const isMetrics = (m: unknown): boolean => {
  const o = m as { sampled?: { hr?: unknown; ndcg?: unknown }; full?: { hr?: unknown; ndcg?: unknown } } | null;
  return (
    typeof o?.sampled?.hr === 'number' &&
    typeof o.sampled.ndcg === 'number' &&
    typeof o.full?.hr === 'number' &&
    typeof o.full.ndcg === 'number'
  );
};

/**
 * The Amazon Games reproduction recorded in results/ for `seed`, or null when there is none (for that
 * seed); a record whose rows lack a recipe, epochs, training minutes, or either stage's metrics on
 * both protocols is refused, naming the row.
 */
export function gamesRecorded(seed: number, dir?: string): GamesRecorded | null {
  const rec = readRecordedResult('repro-games', dir);
  if (!rec || rec.params.seed !== seed) return null;
  const rows = (rec.details as { results?: unknown } | undefined)?.results;
  const field = 'results/repro-games.json: details.results';
  if (!Array.isArray(rows)) throw new PinlabInputError(field, 'must be an array of Amazon Games results');
  rows.forEach((r, i) => {
    const ok =
      typeof r?.recipe === 'string' &&
      typeof r.epochs === 'number' &&
      typeof r.trainMinutes === 'number' &&
      isMetrics(r.validation) &&
      isMetrics(r.test);
    if (!ok) throw new PinlabInputError(field, 'each needs recipe, epochs, trainMinutes, validation, test', i);
  });
  const results = (rows as GamesResult[]).map((r) => ({ ...r, label: rowLabel(rec, r) }));
  return { label: recordedLabel(rec), command: rec.command, results };
}
