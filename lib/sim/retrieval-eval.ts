import { PinlabInputError, requireInt } from '../errors';
import type { World } from '../data/world/world';
import { rankingMetrics, type RankingMetrics } from '../metrics/ranking';
import { bootstrapCI, type BootstrapInterval } from '../stats/bootstrap';
import type { Rng } from '../random/rng';
import type { AdRequest, CandidateGenerator } from './types';

/** A retrieval request with the ad item actually engaged (one positive). */
export interface EngagedAdRequest extends AdRequest {
  readonly target: number;
}

export interface RetrievalAtK {
  readonly k: number;
  /** Recall@K = HitRate@K here (one positive per request), averaged over requests. */
  readonly recall: BootstrapInterval;
  readonly ndcg: BootstrapInterval;
}

export interface RetrievalEvaluation {
  readonly name: string;
  readonly atK: RetrievalAtK[];
  readonly mrr: BootstrapInterval;
  readonly perQuery: RankingMetrics;
}

/**
 * Scores a candidate generator as a retriever over the whole ad inventory: for each request it
 * returns its top max(ks) ads; the positive is the ad the user engaged in that slot. Metrics as
 * `rankingMetrics` defines them, per request then averaged over requests (every request has one
 * positive, so Recall@K = HitRate@K and NDCG@K = 1 / log₂(1 + rank) within K), with percentile
 * bootstrap intervals over requests (`resamples`, from `rng`).
 */
export function evaluateRetrieval(
  world: World,
  generator: CandidateGenerator,
  requests: readonly EngagedAdRequest[],
  ks: readonly number[],
  rng: Rng,
  resamples = 1000,
): RetrievalEvaluation {
  if (requests.length === 0) throw new PinlabInputError('requests', 'is empty');
  if (ks.length === 0) throw new PinlabInputError('ks', 'must list at least one cut-off');
  const width = Math.max(...ks);
  requireInt('max(ks)', width, 1, world.ads.count);
  const R = requests.length;
  const items = new Int32Array(R * width).fill(-1);
  const offsets = Int32Array.from({ length: R + 1 }, (_, i) => i);
  const ids = new Int32Array(R);
  const out = new Int32Array(width);
  requests.forEach((q, i) => {
    const ad = world.items.adIndex[q.target];
    if (ad < 0) throw new PinlabInputError('requests.target', `item ${q.target} is not an ad`, i);
    ids[i] = ad;
    const n = generator.generate(q, width, out);
    items.set(out.subarray(0, n), i * width);
  });
  const perQuery = rankingMetrics({ items, width }, { offsets, ids }, ks, world.ads.count);
  return {
    name: generator.name,
    atK: perQuery.atK.map((a) => ({
      k: a.k,
      recall: bootstrapCI(a.recall, rng, { resamples }),
      ndcg: bootstrapCI(a.ndcg, rng, { resamples }),
    })),
    mrr: bootstrapCI(perQuery.reciprocalRank, rng, { resamples }),
    perQuery,
  };
}

/**
 * Recall@K ratio treatment / control on the same requests, Σ recall_B / Σ recall_A, with a
 * paired bootstrap interval (requests resampled jointly). A PinlabInputError (`denominators`) when
 * the control finds nothing, or too little for every resample to contain one of its hits.
 */
export function recallLift(
  control: RetrievalEvaluation,
  treatment: RetrievalEvaluation,
  k: number,
  rng: Rng,
  resamples = 1000,
): BootstrapInterval {
  const a = control.perQuery.atK.find((x) => x.k === k);
  const b = treatment.perQuery.atK.find((x) => x.k === k);
  if (!a || !b) throw new PinlabInputError('k', `${k} was not evaluated for both generators`);
  if (a.recall.length !== b.recall.length)
    throw new PinlabInputError('treatment', 'was evaluated on different requests');
  return bootstrapCI(b.recall, rng, { denominators: a.recall, resamples });
}
