import type { ImplicitSplit } from '../data/types';
import type { RankingSummary } from '../metrics/ranking';
import { PinlabInputError, requireInt } from '../errors';
import { evaluateAllItems } from '../retrieval/evaluate';
import { maximize } from './early-stopping';
import { fitSync, type FitOptions } from './fit';
import type { Recommender } from './recommender';

export interface CurvePoint {
  readonly epoch: number;
  readonly loss: number;
  /** Training seconds so far (evaluation excluded). */
  readonly trainSeconds: number;
  /** Present on evaluated epochs. */
  readonly summary?: RankingSummary[];
  /** Validation Recall@k on evaluated epochs, when training with `validation`. */
  readonly validation?: number;
}

/**
 * Model selection on pairs held out of training: on every evaluated epoch, Recall@k over the
 * validation pairs `split.test`, ranking items outside `split.train` (the pairs the model trains
 * on). The run ends at the best-scoring evaluated epoch's state and reports that epoch's test
 * metrics.
 */
export interface ValidationOptions {
  readonly split: ImplicitSplit;
  /** Cut-off of the validation recall (default 20). */
  readonly k?: number;
  /** Stop after this many evaluations without a better validation recall (default: never early). */
  readonly patience?: number;
}

/** fit()'s seed, epoch cap, time budget and evaluation cadence (default 0: only after the last epoch), and: */
export interface TrainOptions extends Pick<FitOptions<object>, 'seed' | 'maxEpochs' | 'budgetSeconds' | 'evalEvery'> {
  readonly ks?: readonly number[];
  /** Saved after every epoch; an existing file resumes the run from its epoch. */
  readonly checkpointFile?: string;
  readonly validation?: ValidationOptions;
  readonly log?: (line: string) => void;
}

export interface TrainResult {
  readonly curve: CurvePoint[];
  readonly epochs: number;
  readonly trainSeconds: number;
  /** Test metrics of the returned model (with validation: of its best epoch). */
  readonly final: RankingSummary[];
  /** With validation: the epoch whose state the model ends in. */
  readonly bestEpoch?: number;
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

/** What a recommender's evaluated epoch records: test metrics, and validation recall when validating. */
type Evaluation = { summary: RankingSummary[]; validation?: number };

/**
 * Trains `model` through `fitSync` with the full-ranking evaluation of ../retrieval/evaluate on a
 * schedule. Epoch e draws its randomness from `new Rng(seed).fork('epoch-e')`, so a run resumed from
 * a checkpoint after epoch e continues exactly as the uninterrupted run would have. With
 * `validation`, the best evaluated state is kept (in the checkpoint too) and restored at the end.
 */
export function trainRecommender(model: Recommender, split: ImplicitSplit, opts: TrainOptions): TrainResult {
  const ks = opts.ks ?? [10, 20, 50];
  const log = opts.log ?? (() => {});
  const val = opts.validation;
  const valK = val?.k ?? 20;
  if (val) {
    requireInt('validation.k', valK, 1);
    if (val.patience !== undefined) requireInt('validation.patience', val.patience, 1);
    if (val.split.numUsers !== split.numUsers || val.split.numItems !== split.numItems) {
      throw new PinlabInputError(
        'validation.split',
        `must have the training split's ${split.numUsers} users and ${split.numItems} items`,
      );
    }
    if (val.split.test.ids.length === 0)
      throw new PinlabInputError('validation.split', 'has no validation pairs (its test rows are empty)');
  }
  let evalSeconds = 0;
  const run = fitSync<Evaluation>(model, {
    seed: opts.seed,
    maxEpochs: opts.maxEpochs,
    budgetSeconds: opts.budgetSeconds,
    evalEvery: opts.evalEvery ?? 0,
    checkpointFile: opts.checkpointFile,
    evaluate: () => {
      const ev = evaluate(model, split, ks);
      evalSeconds += ev.seconds;
      if (!val) return { summary: ev.summary };
      const v = evaluate(model, val.split, [valK]);
      evalSeconds += v.seconds;
      return { summary: ev.summary, validation: v.summary[0].recall };
    },
    earlyStopping: val && { monitor: maximize((e: Evaluation) => e.validation!), patience: val.patience },
    log: (line) => log(`${model.name}: ${line}`),
    onEpoch: (p) => {
      const at20 = p.summary?.find((s) => s.k === 20) ?? p.summary?.[0];
      log(
        `${model.name} epoch ${p.epoch} loss ${p.loss.toFixed(4)} train ${p.trainSeconds.toFixed(0)}s` +
          (at20 ? ` Recall@${at20.k} ${at20.recall.toFixed(4)} NDCG@${at20.k} ${at20.ndcg.toFixed(4)}` : '') +
          (p.validation === undefined ? '' : ` validation Recall@${valK} ${p.validation.toFixed(4)}`),
      );
    },
  });
  if (run.best)
    log(
      `${model.name}: best validation Recall@${valK} ${run.best.validation!.toFixed(4)} at epoch ${run.bestEpoch}; the model ends in that state`,
    );
  const curve = run.history as CurvePoint[];
  const at = run.best ? curve.find((p) => p.epoch === run.bestEpoch) : curve[curve.length - 1];
  let final = at?.summary;
  if (!final) {
    const ev = evaluate(model, split, ks);
    evalSeconds += ev.seconds;
    final = ev.summary;
  }
  return {
    curve,
    epochs: run.epochs,
    trainSeconds: run.trainSeconds,
    final,
    bestEpoch: run.best ? run.bestEpoch : undefined,
    evalSeconds,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
}
