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
