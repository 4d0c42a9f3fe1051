import { GAMES_PUBLISHED } from './recipes';
import type { GamesResult } from './run';
import { GAMES_SELECTION } from './selection';

export type GamesRow = Record<string, string | number>;

const f4 = (x: number) => Number(x.toFixed(4));

/**
 * One row per model: validation and test metrics on both protocols (sampled-100 and full ranking, @K),
 * epochs, training minutes and peak memory, then the paper's rows (sampled test metrics only).
 */
export function gamesTable(results: readonly GamesResult[]): GamesRow[] {
  const ours = results.map((r) => ({
    model: r.recipe,
    'valid HR (s)': f4(r.validation.sampled.hr),
    'valid NDCG (s)': f4(r.validation.sampled.ndcg),
    'test HR (s)': f4(r.test.sampled.hr),
    'test NDCG (s)': f4(r.test.sampled.ndcg),
    'test HR (full)': f4(r.test.full.hr),
    'test NDCG (full)': f4(r.test.full.ndcg),
    epochs: r.epochs,
    'train min': Number(r.trainMinutes.toFixed(2)),
    'peak MiB': Math.round(r.peakRssMiB),
  }));
  const published = GAMES_PUBLISHED.map((p) => ({
    model: p.model,
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
  let best: GamesResult | null = null;
  for (const r of results)
    if (!best || GAMES_SELECTION.value(r.validation) > GAMES_SELECTION.value(best.validation)) best = r;
  return best;
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
