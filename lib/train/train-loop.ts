import type { ImplicitSplit } from '../data/types';
import type { RankingSummary } from '../metrics/ranking';
import { PinlabInputError, requireInt } from '../errors';
import { Rng } from '../random/rng';
import { evaluateAllItems } from '../retrieval/evaluate';
import { loadCheckpoint, saveCheckpoint } from '../io/checkpoint';
import { requireSameState, type Recommender } from './recommender';

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

/**
 * Trains `model` epoch by epoch with the full-ranking evaluation of ./evaluate on a schedule.
 * Epoch e draws its randomness from `new Rng(seed).fork('epoch-e')`, so a run resumed from a
 * checkpoint after epoch e continues exactly as the uninterrupted run would have. With
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
      throw new PinlabInputError('validation.split', `must have the training split's ${split.numUsers} users and ${split.numItems} items`);
    }
    if (val.split.test.ids.length === 0) throw new PinlabInputError('validation.split', 'has no validation pairs (its test rows are empty)');
  }
  const root = new Rng(opts.seed);
  let curve: CurvePoint[] = [];
  let epoch = 0;
  let trainSeconds = 0;
  // With validation: the best evaluated epoch, its score and state, and evaluations since.
  let best: { epoch: number; value: number; since: number; state: Record<string, Float32Array> } | null = null;
  const ck = opts.checkpointFile ? loadCheckpoint(opts.checkpointFile) : null;
  if (ck) {
    const file = opts.checkpointFile as string;
    const { own, kept } = splitBest(ck.arrays);
    const resumed = resumeMeta(file, ck.meta, Object.keys(kept).length > 0);
    // Everything is checked before anything is assigned: a refused checkpoint leaves the model untouched.
    const current = model.state();
    requireSameState('state', current, own, file);
    if (resumed.best) requireSameState('best state', current, kept, file);
    model.restore(own);
    ({ epoch, trainSeconds, curve } = resumed);
    if (val && resumed.best) best = { ...resumed.best, state: kept };
    log(`${model.name}: resumed from ${file} at epoch ${epoch}`);
  }
  const evalEvery = opts.evalEvery ?? 0;
  let evalSeconds = 0;
  const stopped = () => val?.patience !== undefined && best !== null && best.since >= val.patience;
  while (epoch < opts.maxEpochs && trainSeconds < (opts.budgetSeconds ?? Infinity) && !stopped()) {
    const t0 = performance.now();
    const loss = model.trainEpoch(root.fork(`epoch-${epoch}`));
    trainSeconds += (performance.now() - t0) / 1000;
    epoch++;
    let summary: RankingSummary[] | undefined;
    let validation: number | undefined;
    const last = epoch >= opts.maxEpochs || trainSeconds >= (opts.budgetSeconds ?? Infinity);
    if (last || (evalEvery > 0 && epoch % evalEvery === 0)) {
      const ev = evaluate(model, split, ks);
      evalSeconds += ev.seconds;
      summary = ev.summary;
      if (val) {
        const v = evaluate(model, val.split, [valK]);
        evalSeconds += v.seconds;
        validation = v.summary[0].recall;
        if (!best || validation > best.value) best = { epoch, value: validation, since: 0, state: copyState(model.state()) };
        else best.since++;
      }
    }
    curve.push({ epoch, loss, trainSeconds, summary, validation });
    const at20 = summary?.find((s) => s.k === 20) ?? summary?.[0];
    log(`${model.name} epoch ${epoch} loss ${loss.toFixed(4)} train ${trainSeconds.toFixed(0)}s` + (at20 ? ` Recall@${at20.k} ${at20.recall.toFixed(4)} NDCG@${at20.k} ${at20.ndcg.toFixed(4)}` : '') + (validation === undefined ? '' : ` validation Recall@${valK} ${validation.toFixed(4)}`));
    if (opts.checkpointFile) {
      const arrays: Record<string, Float32Array> = { ...model.state() };
      if (best) for (const [name, a] of Object.entries(best.state)) arrays[BEST + name] = a;
      saveCheckpoint(opts.checkpointFile, { epoch, trainSeconds, curve, best: best && { epoch: best.epoch, value: best.value, since: best.since } }, arrays);
    }
  }
  const kept = best;
  if (kept) {
    model.restore(kept.state);
    log(`${model.name}: best validation Recall@${valK} ${kept.value.toFixed(4)} at epoch ${kept.epoch}; the model ends in that state`);
  }
  const at = kept ? curve.find((p) => p.epoch === kept.epoch) : curve[curve.length - 1];
  let final = at?.summary;
  if (!final) {
    const ev = evaluate(model, split, ks);
    evalSeconds += ev.seconds;
    final = ev.summary;
  }
  return { curve, epochs: epoch, trainSeconds, final, bestEpoch: kept?.epoch, evalSeconds, peakRssMiB: process.resourceUsage().maxRSS / 1024 };
}

/**
 * The run record in a checkpoint's metadata, each field's type checked (a well-formed file can
 * still hold another program's metadata): PinlabInputError naming the file otherwise.
 */
function resumeMeta(file: string, meta: Record<string, unknown>, hasKept: boolean) {
  const bad = (what: string): never => {
    throw new PinlabInputError('meta', what, undefined, { file });
  };
  const { epoch, trainSeconds, curve, best } = meta;
  if (!Number.isSafeInteger(epoch) || (epoch as number) < 0) {
    bad(`epoch must be a non-negative integer, got ${JSON.stringify(epoch)}`);
  }
  if (typeof trainSeconds !== 'number' || !(trainSeconds >= 0)) {
    bad(`trainSeconds must be a number >= 0, got ${JSON.stringify(trainSeconds)}`);
  }
  if (!Array.isArray(curve) || curve.length !== epoch) bad(`curve must be a list of ${epoch} epochs`);
  (curve as unknown[]).forEach((p, i) => {
    const point = p as Partial<CurvePoint> | null;
    if (typeof point !== 'object' || point === null || point.epoch !== i + 1) {
      bad(`curve[${i}] must be the record of epoch ${i + 1}`);
    }
  });
  let kept: { epoch: number; value: number; since: number } | null = null;
  if (best !== null && best !== undefined) {
    const b = best as Record<string, unknown>;
    const e = b.epoch as number;
    if (!(Number.isSafeInteger(e) && e >= 1 && e <= (epoch as number))) {
      bad(`best.epoch must be an epoch in [1, ${epoch}]`);
    }
    if (typeof b.value !== 'number' || !Number.isFinite(b.value)) bad('best.value must be a finite number');
    if (!Number.isSafeInteger(b.since) || (b.since as number) < 0) bad('best.since must be a non-negative integer');
    kept = { epoch: e, value: b.value as number, since: b.since as number };
  }
  if ((kept !== null) !== hasKept) {
    bad(kept ? "best is set but the best state's arrays are missing" : 'has best-state arrays but no best record');
  }
  return { epoch: epoch as number, trainSeconds: trainSeconds as number, curve: curve as CurvePoint[], best: kept };
}

/** Checkpoint names of the best state's arrays: this prefix + the model's own names. */
const BEST = 'best:';

/** A checkpoint's arrays as the model's last state and, with validation, its best state (else empty). */
function splitBest(arrays: Record<string, Float32Array>): { own: Record<string, Float32Array>; kept: Record<string, Float32Array> } {
  const own: Record<string, Float32Array> = {}, kept: Record<string, Float32Array> = {};
  for (const [name, a] of Object.entries(arrays)) if (name.startsWith(BEST)) kept[name.slice(BEST.length)] = a; else own[name] = a;
  return { own, kept };
}

/**
 * The state a model trained by `trainRecommender` with `checkpointFile` ended in — with validation
 * its best epoch's, else its last — or null when the file does not exist. What another model
 * building on it must read (the checkpoint's plain arrays are the last epoch's, for resuming).
 */
export function loadKeptState(checkpointFile: string): Record<string, Float32Array> | null {
  const ck = loadCheckpoint(checkpointFile);
  if (!ck) return null;
  const { own, kept } = splitBest(ck.arrays);
  return Object.keys(kept).length > 0 ? kept : own;
}

function copyState(state: Record<string, Float32Array>): Record<string, Float32Array> {
  return Object.fromEntries(Object.entries(state).map(([name, a]) => [name, Float32Array.from(a)]));
}
