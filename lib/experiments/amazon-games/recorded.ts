import { PinlabInputError } from '../../errors';
import { readRecordedResult, recordedLabel } from '../../io/recorded-results';
import type { GamesResult } from './run';

/** The recorded full `npm run repro:games` (results/repro-games.json): its rows and where they come from. */
export interface GamesRecorded {
  /** "recorded at <commit>, <date>". */
  readonly label: string;
  readonly command: string;
  readonly results: GamesResult[];
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
  return { label: recordedLabel(rec), command: rec.command, results: rows as GamesResult[] };
}
