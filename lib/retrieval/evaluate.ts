import type { ImplicitSplit } from '../data/types';
import { rankingMetrics, summarizeRanking, type RankingMetrics, type RankingSummary } from '../metrics/ranking';
import { exactTopK, type ScoreSource } from './topk';

export interface AllItemsEvaluation {
  readonly summary: RankingSummary[];
  readonly perQuery: RankingMetrics;
  readonly seconds: number;
}

/**
 * The NGCF/LightGCN full-ranking protocol: for every user with ≥ 1 test item, rank all items
 * not in that user's training set by `source`, take the top max(ks), and report Recall@K /
 * NDCG@K (and HitRate@K, MRR) against the test items, averaged over those users.
 */
export function evaluateAllItems(
  source: ScoreSource,
  split: ImplicitSplit,
  ks: readonly number[] = [10, 20, 50],
  options: { blockUsers?: number; onProgress?: (done: number, total: number) => void } = {},
): AllItemsEvaluation {
  const t0 = performance.now();
  const users: number[] = [];
  for (let u = 0; u < split.numUsers; u++) if (split.test.offsets[u + 1] > split.test.offsets[u]) users.push(u);
  const userIds = Int32Array.from(users);
  const top = exactTopK(source, Math.max(...ks), { exclude: split.train, users: userIds, ...options });
  // Restrict the test sets to the evaluated users' rows, aligned with the ranked lists.
  const offsets = new Int32Array(users.length + 1);
  users.forEach((u, r) => (offsets[r + 1] = offsets[r] + split.test.offsets[u + 1] - split.test.offsets[u]));
  const ids = new Int32Array(offsets[users.length]);
  users.forEach((u, r) =>
    ids.set(split.test.ids.subarray(split.test.offsets[u], split.test.offsets[u + 1]), offsets[r]),
  );
  const perQuery = rankingMetrics(top, { offsets, ids }, ks, split.numItems);
  return { summary: summarizeRanking(perQuery), perQuery, seconds: (performance.now() - t0) / 1000 };
}
