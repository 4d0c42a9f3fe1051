import type { ImplicitSplit } from '../data/gowalla';
import type { RankingSummary } from '../metrics/ranking';
import { Rng } from '../random/rng';
import { evaluateAllItems } from '../retrieval/evaluate';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';
import type { Recommender } from './recommender';

export interface CurvePoint {
  readonly epoch: number;
  readonly loss: number;
  /** Training seconds so far (evaluation excluded). */
  readonly trainSeconds: number;
  /** Present on evaluated epochs. */
  readonly summary?: RankingSummary[];
}

export interface TrainOptions {
  readonly seed: number;
  readonly maxEpochs: number;
  /** Stop starting new epochs once training time (evaluation excluded) exceeds this. */
  readonly budgetSeconds?: number;
  /** Evaluate every this many epochs (and always after the last). 0 = only at the end. */
  readonly evalEvery?: number;
  readonly ks?: readonly number[];
  /** Saved after every epoch; an existing file resumes the run from its epoch. */
  readonly checkpointFile?: string;
  readonly log?: (line: string) => void;
}

export interface TrainResult {
  readonly curve: CurvePoint[];
  readonly epochs: number;
  readonly trainSeconds: number;
  readonly final: RankingSummary[];
  readonly evalSeconds: number;
  /** Peak resident set size of the process (MiB) — the whole process, shared with other work in it. */
  readonly peakRssMiB: number;
}

function evaluate(model: Recommender, split: ImplicitSplit, ks: readonly number[]) {
  const src = model.scoreSource();
  try {
    return evaluateAllItems(src, split, ks);
  } finally {
    src.dispose?.();
  }
}

/**
 * Trains `model` epoch by epoch with the full-ranking evaluation of ./evaluate on a schedule.
 * Epoch e draws its randomness from `new Rng(seed).fork('epoch-e')`, so a run resumed from a
 * checkpoint after epoch e continues exactly as the uninterrupted run would have.
 */
export function trainRecommender(model: Recommender, split: ImplicitSplit, opts: TrainOptions): TrainResult {
  const ks = opts.ks ?? [10, 20, 50];
  const log = opts.log ?? (() => {});
  const root = new Rng(opts.seed);
  let curve: CurvePoint[] = [];
  let epoch = 0;
  let trainSeconds = 0;
  const ck = opts.checkpointFile ? loadCheckpoint(opts.checkpointFile) : null;
  if (ck) {
    model.restore(ck.arrays);
    epoch = ck.meta.epoch as number;
    trainSeconds = ck.meta.trainSeconds as number;
    curve = ck.meta.curve as CurvePoint[];
    log(`${model.name}: resumed from ${opts.checkpointFile} at epoch ${epoch}`);
  }
  const evalEvery = opts.evalEvery ?? 0;
  let evalSeconds = 0;
  let final: RankingSummary[] | undefined = curve.length && curve[curve.length - 1].summary ? curve[curve.length - 1].summary : undefined;
  while (epoch < opts.maxEpochs && trainSeconds < (opts.budgetSeconds ?? Infinity)) {
    const t0 = performance.now();
    const loss = model.trainEpoch(root.fork(`epoch-${epoch}`));
    trainSeconds += (performance.now() - t0) / 1000;
    epoch++;
    let summary: RankingSummary[] | undefined;
    const last = epoch >= opts.maxEpochs || trainSeconds >= (opts.budgetSeconds ?? Infinity);
    if (last || (evalEvery > 0 && epoch % evalEvery === 0)) {
      const ev = evaluate(model, split, ks);
      evalSeconds += ev.seconds;
      summary = ev.summary;
      final = summary;
    }
    curve.push({ epoch, loss, trainSeconds, summary });
    const at20 = summary?.find((s) => s.k === 20) ?? summary?.[0];
    log(`${model.name} epoch ${epoch} loss ${loss.toFixed(4)} train ${trainSeconds.toFixed(0)}s` + (at20 ? ` Recall@${at20.k} ${at20.recall.toFixed(4)} NDCG@${at20.k} ${at20.ndcg.toFixed(4)}` : ''));
    if (opts.checkpointFile) saveCheckpoint(opts.checkpointFile, { epoch, trainSeconds, curve }, model.state());
  }
  if (!final) {
    const ev = evaluate(model, split, ks);
    evalSeconds += ev.seconds;
    final = ev.summary;
  }
  return { curve, epochs: epoch, trainSeconds, final, evalSeconds, peakRssMiB: process.resourceUsage().maxRSS / 1024 };
}
