import { sourcedRows, type RecordedRows } from '../../io/result-sources';
import { GAMES_PUBLISHED } from './recipes';
import type { GamesResult } from './run';
import { bestOnValidation } from './selection';

export type GamesRow = Record<string, string | number>;

const f4 = (x: number) => Number(x.toFixed(4));

/** Where the rows come from: a label per local result, and a recorded reproduction shown beside them. */
export interface GamesTableSources {
  /** The `source` of a result from this checkout (default "this checkout"). */
  readonly source?: (r: GamesResult) => string;
  /** Recorded rows (results/repro-games.json, `gamesRecorded`), each under the local row of its model, labelled by its own run when it has a `label`. */
  readonly recorded?: RecordedRows<GamesResult & { readonly label?: string }>;
}

/**
 * One row per model and source (this checkout's results, each followed by the recorded run's row of
 * the same model): validation and test metrics on both protocols (sampled-100 and full ranking, @K),
 * epochs, training minutes and peak memory, then the paper's rows (sampled test metrics only).
 */
export function gamesTable(results: readonly GamesResult[], options: GamesTableSources = {}): GamesRow[] {
  const ours = sourcedRows<GamesResult & { readonly label?: string }, GamesRow>(
    results,
    options.recorded,
    (r) => r.recipe,
    (r, source, recipe) => ({
      model: recipe,
      source,
      'valid HR (s)': r ? f4(r.validation.sampled.hr) : '—',
      'valid NDCG (s)': r ? f4(r.validation.sampled.ndcg) : '—',
      'test HR (s)': r ? f4(r.test.sampled.hr) : '—',
      'test NDCG (s)': r ? f4(r.test.sampled.ndcg) : '—',
      'test HR (full)': r ? f4(r.test.full.hr) : '—',
      'test NDCG (full)': r ? f4(r.test.full.ndcg) : '—',
      epochs: r ? r.epochs : '—',
      'train min': r ? Number(r.trainMinutes.toFixed(2)) : '—',
      'peak MiB': r && typeof r.peakRssMiB === 'number' ? Math.round(r.peakRssMiB) : '—',
    }),
    { source: options.source, recordedSource: (r) => r.label },
  );
  const published = GAMES_PUBLISHED.map((p) => ({
    model: p.model,
    source: 'published (Kang & McAuley, ICDM 2018)',
    'valid HR (s)': '—',
    'valid NDCG (s)': '—',
    'test HR (s)': p.hr,
    'test NDCG (s)': p.ndcg,
    'test HR (full)': '—',
    'test NDCG (full)': '—',
    epochs: '—',
    'train min': '—',
    'peak MiB': '—',
  }));
  return [...ours, ...published];
}

/** The model with the best validation metric (`GAMES_SELECTION`); the first listed wins a tie. */
export function bestGamesResult(results: readonly GamesResult[]): GamesResult | null {
  return results[bestOnValidation(results, (r) => r.validation)] ?? null;
}

/** The closing line of `npm run repro:games`: the best model by validation, with its test metrics. */
export function gamesBestLine(best: GamesResult): string {
  const { sampled, full, k } = best.test;
  const x = (v: number) => v.toFixed(4);
  return (
    `Amazon Games best: ${best.recipe} HR@${k} ${x(sampled.hr)} NDCG@${k} ${x(sampled.ndcg)} ` +
    `(sampled ${sampled.negatives}) | full HR@${k} ${x(full.hr)} NDCG@${k} ${x(full.ndcg)}`
  );
}
