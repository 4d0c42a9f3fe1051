import { PinlabInputError, requireInt } from '../errors';
import { loadCheckpoint, saveCheckpoint } from '../io/checkpoint';
import { Rng } from '../random/rng';
import type { Monitor } from './early-stopping';
import { requireSameState } from './recommender';

/** What `fit` tells an epoch besides its random stream. */
export interface EpochContext {
  /** 1 for the first epoch. */
  readonly epoch: number;
  /** True once training time (this epoch's so far included) exceeds the budget: stop taking steps. */
  outOfTime(): boolean;
}

/**
 * A model `fit` can train: what one epoch does, and (for checkpoints and the kept best state) its
 * arrays. The loop itself — epochs, budget, evaluation, early stopping, checkpoints — is `fit`'s.
 */
export interface Trainable {
  /** One pass over the training data, drawing only from `rng`; returns the epoch's mean training loss. */
  trainEpoch(rng: Rng, ctx: EpochContext): number | Promise<number>;
  /** Every trainable array and optimiser state (copies or live views; `fit` copies what it keeps). */
  state?(): Record<string, Float32Array>;
  /** Restores `state()` output (same names and shapes). */
  restore?(state: Record<string, Float32Array>): void;
}

/** One trained epoch: its loss and training time so far, and the evaluation's fields on evaluated epochs. */
export type FitEpoch<E extends object> = {
  readonly epoch: number;
  readonly loss: number;
  readonly trainSeconds: number;
} & Partial<E>;

export interface FitOptions<E extends object> {
  /** Epoch e (0 for the first) draws from `new Rng(seed).fork('epoch-e')` and nothing else. */
  readonly seed: number;
  readonly maxEpochs: number;
  /** Stop starting new epochs once training time (evaluation excluded) exceeds this. */
  readonly budgetSeconds?: number;
  /** Evaluate every this many epochs, and always after the last. 0 = only after the last. */
  readonly evalEvery?: number;
  /** Evaluation of the current state (its time is excluded from training time). */
  readonly evaluate?: (epoch: number) => E | Promise<E>;
  /**
   * Early stopping on evaluations: the state of the best one (by `monitor`) is kept, restored at the
   * end and checkpointed; training stops after `patience` evaluations without progress (default: never).
   */
  readonly earlyStopping?: { readonly monitor: Monitor<E>; readonly patience?: number };
  /** Saved after every epoch; an existing file resumes the run after its epoch (needs `state`/`restore`). */
  readonly checkpointFile?: string;
  /** Called after every epoch (the progress callback). */
  readonly onEpoch?: (e: FitEpoch<E>) => void;
  readonly log?: (line: string) => void;
}

export interface FitResult<E extends object> {
  readonly history: FitEpoch<E>[];
  /** Epochs trained, resumed ones included. */
  readonly epochs: number;
  readonly trainSeconds: number;
  readonly evalSeconds: number;
  /** With early stopping: the evaluated epoch whose state the model ends in (-1 when none was kept). */
  readonly bestEpoch?: number;
  /** That epoch's evaluation. */
  readonly best?: E;
}

/** Checkpoint names of the kept best state's arrays: this prefix + the model's own names. */
const BEST = 'best:';

/** A request to let the event loop turn (yielded by the loop, honoured by the async driver). */
const TURN = Symbol('turn');

/**
 * The one training loop, written once as a generator that yields whatever it must wait for (an epoch
 * or evaluation that returns a promise, an event-loop turn): `fit` awaits those, `fitSync` refuses
 * promises. So synchronous models train synchronously and TF.js models asynchronously through the
 * same code.
 */
function* loop<E extends object>(model: Trainable, opts: FitOptions<E>): Generator<unknown, FitResult<E>, unknown> {
  requireInt('maxEpochs', opts.maxEpochs, 0);
  const evalEvery = opts.evalEvery ?? 0;
  requireInt('evalEvery', evalEvery, 0);
  const es = opts.earlyStopping;
  if (es?.patience !== undefined) requireInt('earlyStopping.patience', es.patience, 1);
  if (opts.checkpointFile && !(model.state && model.restore)) {
    throw new PinlabInputError('checkpointFile', 'the model has no state()/restore() to checkpoint');
  }
  if (es && !(model.state && model.restore))
    throw new PinlabInputError('earlyStopping', 'the model has no state()/restore() to keep');
  const budget = opts.budgetSeconds ?? Infinity;
  const root = new Rng(opts.seed);
  let history: FitEpoch<E>[] = [];
  let epoch = 0;
  let trainSeconds = 0;
  let evalSeconds = 0;
  // The best evaluated epoch (by the monitor), its evaluation and state, and evaluations since progress.
  let best: { epoch: number; since: number; evaluation: E; state: Record<string, Float32Array> } | null = null;
  const ck = opts.checkpointFile ? loadCheckpoint(opts.checkpointFile) : null;
  if (ck) {
    const file = opts.checkpointFile as string;
    const { own, kept } = splitBest(ck.arrays);
    const resumed = resumeMeta(file, ck.meta, Object.keys(kept).length > 0);
    // Everything is checked before anything is assigned: a refused checkpoint leaves the model untouched.
    const current = model.state!();
    requireSameState('state', current, own, file);
    if (resumed.best) requireSameState('best state', current, kept, file);
    model.restore!(own);
    ({ epoch, trainSeconds } = resumed);
    history = resumed.curve as FitEpoch<E>[];
    const b = resumed.best;
    if (es && b) {
      es.monitor.resume(b.value);
      const at = history.find((h) => h.epoch === b.epoch) as unknown as E;
      best = { epoch: b.epoch, since: b.since, evaluation: at, state: kept };
    }
    opts.log?.(`resumed from ${opts.checkpointFile} at epoch ${epoch}`);
  }
  const stopped = () => es?.patience !== undefined && best !== null && best.since >= es.patience;
  while (epoch < opts.maxEpochs && trainSeconds < budget && !stopped()) {
    const t0 = performance.now();
    const ctx: EpochContext = {
      epoch: epoch + 1,
      outOfTime: () => trainSeconds + (performance.now() - t0) / 1000 > budget,
    };
    const loss = (yield model.trainEpoch(root.fork(`epoch-${epoch}`), ctx)) as number;
    trainSeconds += (performance.now() - t0) / 1000;
    epoch++;
    let evaluation: E | undefined;
    const last = epoch >= opts.maxEpochs || trainSeconds >= budget;
    if (opts.evaluate && (last || (evalEvery > 0 && epoch % evalEvery === 0))) {
      const e0 = performance.now();
      evaluation = (yield opts.evaluate(epoch)) as E;
      evalSeconds += (performance.now() - e0) / 1000;
      if (es) {
        const { keep, progress } = es.monitor.observe(evaluation);
        const since = progress ? 0 : (best?.since ?? 0) + 1;
        if (keep || !best) best = { epoch, since, evaluation, state: copyState(model.state!()) };
        else best.since = since;
      }
    }
    const record = { epoch, loss, trainSeconds, ...evaluation } as FitEpoch<E>;
    history.push(record);
    opts.onEpoch?.(record);
    if (opts.checkpointFile) {
      const arrays: Record<string, Float32Array> = { ...model.state!() };
      if (best) for (const [name, a] of Object.entries(best.state)) arrays[BEST + name] = a;
      const kept = best && { epoch: best.epoch, value: es!.monitor.best, since: best.since };
      saveCheckpoint(opts.checkpointFile, { epoch, trainSeconds, curve: history, best: kept }, arrays);
    }
    // Let the event loop turn once per epoch: in a tslab kernel, outputs past zeromq's per-turn limit
    // wait for a turn (lib/notebook/kernel.ts holds progress updates back rather than let EBUSY kill
    // the kernel), and TF.js's awaits on wasm resolve as microtasks, so without it a progress bar stalls.
    yield TURN;
  }
  if (best) model.restore!(best.state);
  return {
    history,
    epochs: epoch,
    trainSeconds,
    evalSeconds,
    bestEpoch: es ? (best?.epoch ?? -1) : undefined,
    best: best?.evaluation,
  };
}

/** Trains `model` (epochs, budget, evaluation, early stopping, checkpoints: see `FitOptions`). */
export async function fit<E extends object>(model: Trainable, opts: FitOptions<E>): Promise<FitResult<E>> {
  const run = loop(model, opts);
  let step = run.next();
  while (!step.done) {
    const v = step.value;
    step = run.next(v === TURN ? await new Promise((resolve) => setImmediate(resolve)) : await v);
  }
  return step.value;
}

/** `fit` for a model whose epochs and evaluation return plain values (throws on a promise). */
export function fitSync<E extends object>(model: Trainable, opts: FitOptions<E>): FitResult<E> {
  const run = loop(model, opts);
  let step = run.next();
  while (!step.done) {
    const v = step.value;
    if (v instanceof Promise)
      throw new PinlabInputError('model', 'returned a promise: train it with fit(), not fitSync()');
    step = run.next(v === TURN ? undefined : v);
  }
  return step.value;
}

/** A checkpoint's arrays as the model's last state and its kept best state (empty without early stopping). */
function splitBest(arrays: Record<string, Float32Array>): {
  own: Record<string, Float32Array>;
  kept: Record<string, Float32Array>;
} {
  const own: Record<string, Float32Array> = {};
  const kept: Record<string, Float32Array> = {};
  for (const [name, a] of Object.entries(arrays)) {
    if (name.startsWith(BEST)) kept[name.slice(BEST.length)] = a;
    else own[name] = a;
  }
  return { own, kept };
}

/**
 * The state a model trained by `fit` with `checkpointFile` ended in — with early stopping its best
 * epoch's, else its last — or null when the file does not exist. What another model building on it
 * must read (the checkpoint's plain arrays are the last epoch's, for resuming).
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
    const point = p as { epoch?: unknown } | null;
    if (typeof point !== 'object' || point === null || point.epoch !== i + 1) {
      bad(`curve[${i}] must be the record of epoch ${i + 1}`);
    }
  });
  let kept: { epoch: number; value: unknown; since: number } | null = null;
  if (best !== null && best !== undefined) {
    const b = best as Record<string, unknown>;
    const e = b.epoch as number;
    if (!(Number.isSafeInteger(e) && e >= 1 && e <= (epoch as number))) {
      bad(`best.epoch must be an epoch in [1, ${epoch}]`);
    }
    const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
    if (!(finite(b.value) || (Array.isArray(b.value) && b.value.every(finite))))
      bad('best.value must be a finite number');
    if (!Number.isSafeInteger(b.since) || (b.since as number) < 0) bad('best.since must be a non-negative integer');
    kept = { epoch: e, value: b.value, since: b.since as number };
  }
  if ((kept !== null) !== hasKept) {
    bad(kept ? "best is set but the best state's arrays are missing" : 'has best-state arrays but no best record');
  }
  return { epoch: epoch as number, trainSeconds: trainSeconds as number, curve: curve as unknown[], best: kept };
}
