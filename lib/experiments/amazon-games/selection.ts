import type { NextItemMetrics } from '../../metrics/next-item';

/**
 * The one model-selection criterion of the Amazon Games experiment, on validation items only: the
 * paper's headline metric (sampled-100 NDCG@10). Recipes tune their settings with it and
 * `npm run repro:games` picks its best model with it.
 */
export const GAMES_SELECTION = {
  label: 'validation NDCG@10 (sampled 100)',
  value: (m: NextItemMetrics): number => m.sampled.ndcg,
} as const;

/** The index of the item best by `GAMES_SELECTION` on its validation metrics (the first wins a tie), -1 for none. */
export function bestOnValidation<T>(items: readonly T[], validation: (item: T) => NextItemMetrics): number {
  let best = -1;
  items.forEach((item, i) => {
    if (best < 0 || GAMES_SELECTION.value(validation(item)) > GAMES_SELECTION.value(validation(items[best]))) best = i;
  });
  return best;
}
