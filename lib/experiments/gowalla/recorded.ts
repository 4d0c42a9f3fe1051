import { PinlabInputError } from '../../errors';
import { readRecordedResult, recordedLabel } from '../../io/recorded-results';
import { GOWALLA_RECIPES, type GowallaResult } from './recipes';

/** The recorded full `npm run repro:gowalla` (results/repro-gowalla.json) as table rows with their label. */
export interface GowallaRecorded {
  /** "recorded at <commit>, <date>". */
  label: string;
  command: string;
  results: GowallaResult[];
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
    return { ...r, name: GOWALLA_RECIPES[r.recipe]?.name ?? r.name, curve: [] } as GowallaResult;
  });
  return { label: recordedLabel(rec), command: rec.command, results };
}
