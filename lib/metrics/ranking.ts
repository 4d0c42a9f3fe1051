import { PinlabInputError, requireInt } from '../errors';
import type { RowSets } from '../data/types';
import { mean, sum } from '../stats/summary';

/**
 * Ranked result lists, row-major: `items[q * width + r]` is the item at rank r + 1 for query q;
 * -1 pads lists shorter than `width`. Ids within a row must be distinct.
 */
export interface RankedLists {
  readonly items: Int32Array;
  readonly width: number;
}

/** Per-query values of every metric at one cut-off K, over the evaluated queries only. */
export interface RankingAtK {
  readonly k: number;
  /** |top_K ∩ P_q| / |P_q| for each evaluated query. */
  readonly recall: Float64Array;
  /** |top_K ∩ P_q| (numerator of the global recall). */
  readonly hits: Float64Array;
  /** 1 if any positive is in the top K, else 0. */
  readonly hitRate: Float64Array;
  /** DCG@K / IDCG@K with binary relevance. */
  readonly ndcg: Float64Array;
}

export interface RankingMetrics {
  /** Indices of the queries with at least one positive: every per-query array is aligned to these. */
  readonly queries: Int32Array;
  /** |P_q| per evaluated query (denominator of the global recall). */
  readonly positives: Float64Array;
  /** 1 / rank of the first positive within the list width, 0 when none is listed. */
  readonly reciprocalRank: Float64Array;
  readonly atK: readonly RankingAtK[];
}

/** Summary means: each is an average over evaluated queries except `globalRecall`, a ratio of sums. */
export interface RankingSummary {
  readonly k: number;
  /** Per-query (per-user) Recall@K: mean over queries with ≥ 1 positive of |top_K ∩ P_q| / |P_q|. */
  readonly recall: number;
  /** Global (per-event) Recall@K: Σ_q |top_K ∩ P_q| / Σ_q |P_q|; heavy users weigh more. */
  readonly globalRecall: number;
  readonly hitRate: number;
  readonly ndcg: number;
  /** MRR over the full list width (MRR@width), the same for every K. */
  readonly mrr: number;
  readonly queries: number;
}

/** 1 / log2(r + 1) for ranks r = 1..n, index r − 1. */
function discounts(n: number): Float64Array {
  const d = new Float64Array(n);
  for (let r = 1; r <= n; r++) d[r - 1] = 1 / Math.log2(r + 1);
  return d;
}

function validateRowSets(field: string, sets: RowSets, rows: number, numItems: number): void {
  const { offsets, ids } = sets;
  if (offsets.length !== rows + 1) {
    throw new PinlabInputError(
      `${field}.offsets`,
      `must have length ${rows + 1} (one more than the rows), got ${offsets.length}`,
    );
  }
  if (offsets[0] !== 0 || offsets[rows] !== ids.length) {
    throw new PinlabInputError(`${field}.offsets`, `must start at 0 and end at ids.length = ${ids.length}`);
  }
  // Integer checks too: plain arrays passed in place of Int32Arrays may hold NaN or fractions, which compare false.
  for (let q = 0; q < rows; q++) {
    if (!Number.isInteger(offsets[q + 1]) || offsets[q + 1] < offsets[q]) {
      throw new PinlabInputError(`${field}.offsets`, `must be non-decreasing integers, got ${offsets[q + 1]}`, q + 1);
    }
  }
  for (let j = 0; j < ids.length; j++) {
    const v = ids[j];
    if (!Number.isInteger(v) || v < 0 || v >= numItems) {
      throw new PinlabInputError(`${field}.ids`, `must be an item id in [0, ${numItems}), got ${v}`, j);
    }
  }
}

/**
 * Computes, for every query with at least one positive, the ranking metrics of its ranked list
 * against its positive set P_q, at every cut-off in `ks` (each ≤ the list width):
 *
 * - Recall@K_q = |top_K ∩ P_q| / |P_q|
 * - HitRate@K_q = 1[|top_K ∩ P_q| > 0]
 * - NDCG@K_q = DCG / IDCG with DCG = Σ_{r ≤ K, item_r ∈ P_q} 1 / log2(r + 1) and
 *   IDCG = Σ_{r = 1}^{min(K, |P_q|)} 1 / log2(r + 1) (binary relevance, as NGCF/LightGCN)
 * - RR_q = 1 / (rank of the first positive) if one is within the list width, else 0
 *
 * Queries with no positives are skipped (they have no defined recall); `queries` lists the rest.
 * A positive listed twice counts once; a duplicate id in a ranked row is rejected.
 */
export function rankingMetrics(
  lists: RankedLists,
  positives: RowSets,
  ks: readonly number[],
  numItems: number,
): RankingMetrics {
  const { items, width } = lists;
  requireInt('lists.width', width, 1);
  requireInt('numItems', numItems, 1);
  if (items.length % width !== 0)
    throw new PinlabInputError('lists.items', `length ${items.length} is not a multiple of width ${width}`);
  const rows = items.length / width;
  validateRowSets('positives', positives, rows, numItems);
  if (ks.length === 0) throw new PinlabInputError('ks', 'must list at least one cut-off');
  ks.forEach((k, i) => {
    if (!Number.isInteger(k) || k < 1 || k > width)
      throw new PinlabInputError('ks', `must be an integer in [1, ${width}], got ${k}`, i);
  });

  // Stamp arrays mark "positive of query q" / "listed for query q" without clearing between queries.
  const posStamp = new Int32Array(numItems).fill(-1);
  const seenStamp = new Int32Array(numItems).fill(-1);
  const disc = discounts(width);
  const idealPrefix = new Float64Array(width + 1);
  for (let r = 1; r <= width; r++) idealPrefix[r] = idealPrefix[r - 1] + disc[r - 1];

  const evaluated: number[] = [];
  for (let q = 0; q < rows; q++) if (positives.offsets[q + 1] > positives.offsets[q]) evaluated.push(q);
  const n = evaluated.length;
  const nk = ks.length;
  const atK = ks.map((k) => ({
    k,
    recall: new Float64Array(n),
    hits: new Float64Array(n),
    hitRate: new Float64Array(n),
    ndcg: new Float64Array(n),
  }));
  const posCount = new Float64Array(n);
  const rr = new Float64Array(n);
  // Cumulative hits and DCG at each rank, reused per query.
  const cumHits = new Float64Array(width + 1);
  const cumDcg = new Float64Array(width + 1);

  for (let e = 0; e < n; e++) {
    const q = evaluated[e];
    let np = 0;
    for (let j = positives.offsets[q]; j < positives.offsets[q + 1]; j++) {
      const it = positives.ids[j];
      if (posStamp[it] !== q) {
        posStamp[it] = q;
        np++;
      }
    }
    posCount[e] = np;
    let firstRank = 0;
    const base = q * width;
    for (let r = 0; r < width; r++) {
      const it = items[base + r];
      let rel = 0;
      if (it !== -1) {
        if (it < 0 || it >= numItems || !Number.isInteger(it)) {
          throw new PinlabInputError(
            'lists.items',
            `must be -1 or an item id in [0, ${numItems}), got ${it}`,
            base + r,
          );
        }
        if (seenStamp[it] === q)
          throw new PinlabInputError('lists.items', `item ${it} listed twice for query ${q}`, base + r);
        seenStamp[it] = q;
        if (posStamp[it] === q) {
          rel = 1;
          if (firstRank === 0) firstRank = r + 1;
        }
      }
      cumHits[r + 1] = cumHits[r] + rel;
      cumDcg[r + 1] = cumDcg[r] + rel * disc[r];
    }
    rr[e] = firstRank === 0 ? 0 : 1 / firstRank;
    for (let c = 0; c < nk; c++) {
      const k = ks[c];
      const m = atK[c];
      const h = cumHits[k];
      m.hits[e] = h;
      m.recall[e] = h / np;
      m.hitRate[e] = h > 0 ? 1 : 0;
      m.ndcg[e] = cumDcg[k] / idealPrefix[Math.min(k, np)];
    }
  }
  return { queries: Int32Array.from(evaluated), positives: posCount, reciprocalRank: rr, atK };
}

/** Averages the per-query values into one row per K (NaN everywhere when no query has a positive). */
export function summarizeRanking(m: RankingMetrics): RankingSummary[] {
  const mrr = mean(m.reciprocalRank);
  const totalPos = sum(m.positives);
  return m.atK.map((a) => ({
    k: a.k,
    recall: mean(a.recall),
    globalRecall: totalPos === 0 ? NaN : sum(a.hits) / totalPos,
    hitRate: mean(a.hitRate),
    ndcg: mean(a.ndcg),
    mrr,
    queries: m.queries.length,
  }));
}
