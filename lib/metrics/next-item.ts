// Next-item evaluation for sequential recommenders (leave-one-out protocol of SASRec).
import type { LeaveOneOutSplit } from '../data/types';
import { PinlabInputError } from '../errors';
import { Rng } from '../random/rng';

/** A next-item model as its evaluation sees it: a score for every item after each history. */
export interface NextItemScorer {
  /**
   * Row-major `[histories.length × numItems]` scores, higher = more likely next. Each history is
   * time-ordered 0-based item ids; the model truncates it to its own maximum length.
   */
  scoreAll(histories: readonly Int32Array[]): Float32Array | Promise<Float32Array>;
}

/** HR@K and NDCG@K of one protocol, averaged over the evaluated users. */
export interface HitMetrics {
  readonly hr: number;
  readonly ndcg: number;
}

/** Both protocols on one stage (validation or test): the paper's sampled-100 and full ranking. */
export interface NextItemMetrics {
  readonly k: number;
  readonly users: number;
  /** Target ranked among `negatives` items sampled uniformly from those not in the user's training items. */
  readonly sampled: HitMetrics & { readonly negatives: number; readonly seed: number };
  /** Target ranked among all items except the user's training items. */
  readonly full: HitMetrics;
}

export interface NextItemEvalOptions {
  /** 'valid': history = training items, target = validation item; 'test': history = training + validation item, target = test item. */
  readonly stage: 'valid' | 'test';
  /** Cut-off of HR@K and NDCG@K (default 10). */
  readonly k?: number;
  /** Sampled negatives per user (default 100, as SASRec). */
  readonly negatives?: number;
  /** Seeds the negatives: one seed gives every model the same negatives, so comparisons are paired. */
  readonly seed: number;
  /** Histories per `scoreAll` call (default 256): bounds memory at batchSize × numItems floats. */
  readonly batchSize?: number;
}

/** Half the ties: a constant scorer ranks its target in the middle, not first. */
const TIE = 0.5;

function positiveInt(field: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) throw new PinlabInputError(field, `must be a positive integer, got ${String(v)}`);
  return v;
}

/**
 * Leave-one-out next-item evaluation (SASRec's protocol) over every user with a target, on both protocols.
 *
 * rank = competitors scoring above the target + ½ × competitors scoring equal (so ties neither flatter
 * nor punish: a constant scorer gets the middle rank); HR@K = [rank < K], NDCG@K = 1 / log2(rank + 2),
 * averaged over users.
 *
 * - Full: the competitors are every item except the user's training items and the target itself; the
 *   target is never excluded, even when it also appears among the training items (a repeat). On the
 *   test stage the validation item is a competitor unless it is a training item too.
 * - Sampled: `negatives` items drawn uniformly, with replacement as SASRec's evaluate() does (a duplicate
 *   counts once per draw), from the items not in the user's training items, redrawing the target itself
 *   (SASRec may draw it: the copy ties with the target and numpy's default, unstable argsort orders the
 *   tie arbitrarily; a redraw makes that case well defined. It concerns ~0.4% of users at 100 of 23,715).
 *   As in SASRec, the validation item may be drawn on the test stage. Draws come from `Rng(seed)` forked
 *   by stage, user by user in id order, so they depend on neither the scores nor `batchSize`.
 *
 * A NaN score is refused (it would compare false and silently rank the target first).
 */
export async function evaluateNextItem(
  scorer: NextItemScorer,
  split: LeaveOneOutSplit,
  opts: NextItemEvalOptions,
): Promise<NextItemMetrics> {
  const [metrics] = await evaluateNextItemVariants(async (h) => [await scorer.scoreAll(h)], 1, split, opts);
  return metrics;
}

/**
 * `evaluateNextItem` for `variants` scorers at once: `scoreAll` returns one score block per variant
 * for the same histories, and every variant meets the same sampled negatives. Each variant's metrics
 * equal `evaluateNextItem`'s for that variant alone. Used to choose among score combinations
 * (e.g. `ScoreBlend` weights) with one scoring pass of their members.
 */
export async function evaluateNextItemVariants(
  scoreAll: (histories: readonly Int32Array[]) => Promise<readonly Float32Array[]>,
  variants: number,
  split: LeaveOneOutSplit,
  opts: NextItemEvalOptions,
): Promise<NextItemMetrics[]> {
  const k = positiveInt('k', opts.k ?? 10);
  const negatives = positiveInt('negatives', opts.negatives ?? 100);
  const batchSize = positiveInt('batchSize', opts.batchSize ?? 256);
  positiveInt('variants', variants);
  const rng = new Rng(opts.seed).fork(`next-item-${opts.stage}`);
  const n = split.numItems;
  const targets = opts.stage === 'valid' ? split.valid : split.test;
  const users: number[] = [];
  for (let u = 0; u < split.numUsers; u++) if (targets[u] >= 0) users.push(u);
  if (users.length === 0) throw new PinlabInputError('split', 'no user has a target (every user has < 3 interactions)');
  // stamp[i] === u + 1 marks item i as user u's training item (excluded), without clearing per user.
  const stamp = new Int32Array(n);
  const drawn = new Int32Array(negatives);
  const sums = Array.from({ length: variants }, () => ({ hr: 0, ndcg: 0, sHr: 0, sNdcg: 0 }));
  const add = (v: number, rank: number, full: boolean) => {
    const hit = rank < k ? 1 : 0;
    const sum = sums[v];
    if (full) {
      sum.hr += hit;
      sum.ndcg += hit / Math.log2(rank + 2);
    } else {
      sum.sHr += hit;
      sum.sNdcg += hit / Math.log2(rank + 2);
    }
  };
  for (let b0 = 0; b0 < users.length; b0 += batchSize) {
    const batch = users.slice(b0, b0 + batchSize);
    const histories = batch.map((u) => {
      const tr = split.train[u];
      if (opts.stage === 'valid') return tr;
      const h = new Int32Array(tr.length + 1);
      h.set(tr);
      h[tr.length] = split.valid[u];
      return h;
    });
    const blocks = await scoreAll(histories);
    if (blocks.length !== variants) {
      throw new PinlabInputError('scores', `scoreAll returned ${blocks.length} score blocks, expected ${variants}`);
    }
    for (const scores of blocks) {
      if (scores.length !== batch.length * n) {
        throw new PinlabInputError(
          'scores',
          `scoreAll returned ${scores.length} scores, expected ${batch.length} × ${n}`,
        );
      }
    }
    batch.forEach((u, r) => {
      const target = targets[u];
      // The user's training items, each once and never the target: excluded from both protocols.
      const excludedItems: number[] = [];
      for (const i of split.train[u]) {
        if (i === target || stamp[i] === u + 1) continue;
        stamp[i] = u + 1;
        excludedItems.push(i);
      }
      if (n - excludedItems.length - 1 < 1)
        throw new PinlabInputError('split', `user ${u} has no item left to sample as a negative`, u);
      for (let d = 0; d < negatives; d++) {
        let j: number;
        do j = rng.int(n);
        while (stamp[j] === u + 1 || j === target);
        drawn[d] = j;
      }
      blocks.forEach((scores, v) => {
        const row = scores.subarray(r * n, (r + 1) * n);
        const t = row[target];
        let above = 0,
          equal = 0;
        for (let j = 0; j < n; j++) {
          const s = row[j];
          // Most items fall below the target, so test that first (measured ~15% faster than `>` then `===`).
          if (s >= t) {
            if (s > t) above++;
            else equal++;
          } else if (s !== s) throw new PinlabInputError('scores', `NaN score for item ${j}`, u);
        }
        if (t !== t) throw new PinlabInputError('scores', `NaN score for target item ${target}`, u);
        equal--; // the target itself
        for (const i of excludedItems) {
          if (row[i] > t) above--;
          else if (row[i] === t) equal--;
        }
        add(v, above + TIE * equal, true);
        above = equal = 0;
        for (const j of drawn) {
          if (row[j] > t) above++;
          else if (row[j] === t) equal++;
        }
        add(v, above + TIE * equal, false);
      });
    });
  }
  const m = users.length;
  return sums.map((sum) => ({
    k,
    users: m,
    sampled: { hr: sum.sHr / m, ndcg: sum.sNdcg / m, negatives, seed: opts.seed },
    full: { hr: sum.hr / m, ndcg: sum.ndcg / m },
  }));
}
