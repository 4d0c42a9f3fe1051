import { PinlabInputError, requireFinite, requireInt } from '../../errors';
import type { World } from '../../data/world/world';
import type { Rng } from '../../random/rng';
import { fitSync, type Trainable } from '../../train/fit';
import { TfAdam } from '../../train/tf-adam';
import type { SequentialTwoTower, TwoTowerBatch } from './two-tower';

export interface TwoTowerTrainOptions {
  readonly seed: number;
  /** Training examples are engagements with time in [from, to). */
  readonly from: number;
  readonly to: number;
  readonly epochs?: number;
  readonly batch?: number;
  readonly lr?: number;
  /** Stop starting new steps after this many seconds of training. */
  readonly budgetSeconds?: number;
  /** Called every `logEvery` steps with (step, mean loss since the last call). */
  readonly onProgress?: (step: number, loss: number) => void;
  readonly logEvery?: number;
}

export interface TwoTowerTrainResult {
  readonly examples: number;
  readonly steps: number;
  readonly seconds: number;
  /** Mean loss per epoch (a partial last epoch counts over the steps it ran). */
  readonly epochLoss: number[];
}

/** Engaged interaction rows with time in [from, to): the two-tower's (request, positive) pairs. */
export function engagementRows(world: World, from: number, to: number): Uint32Array {
  const x = world.interactions;
  const rows: number[] = [];
  for (let r = 0; r < x.count; r++) if (x.outcome[r] !== 0 && x.time[r] >= from && x.time[r] < to) rows.push(r);
  return Uint32Array.from(rows);
}

/** ln Q(i): each item's share of the training targets (the probability it is an in-batch negative). */
export function logSamplingProbability(model: SequentialTwoTower, rows: Uint32Array): Float32Array {
  const x = model.world.interactions;
  const count = new Float64Array(model.world.items.count);
  for (const r of rows) count[x.item[r]]++;
  return Float32Array.from(count, (c) => (c > 0 ? Math.log(c / rows.length) : 0));
}

/** Fills `batch` with the examples `rows[ids…]` (context hidden with probability contextDropout). */
export function fillBatch(
  model: SequentialTwoTower,
  rows: ArrayLike<number>,
  batch: TwoTowerBatch & { size: number },
  rng: Rng,
): void {
  const { interactions: x, sessions, users } = model.world;
  const L = model.seqLength;
  for (let b = 0; b < rows.length; b++) {
    const r = rows[b];
    const u = x.user[r];
    model.sequences.write(u, model.versionAt(x.time[r]) * model.snapshotSeconds, batch.tokens, b * L);
    batch.age[b] = users.ageGroup[u];
    const hide = model.contextDropout > 0 && rng.next() < model.contextDropout;
    batch.context[b] = model.contextToken(hide ? -1 : sessions.contextItem[x.session[r]]);
    batch.target[b] = x.item[r];
  }
  (batch as { size: number }).size = rows.length;
}

/** Allocates a batch of capacity `n`. */
export function allocateBatch(model: SequentialTwoTower, n: number): TwoTowerBatch & { size: number } {
  return {
    tokens: new Int32Array(n * model.seqLength),
    age: new Int32Array(n),
    context: new Int32Array(n),
    target: new Int32Array(n),
    size: 0,
  };
}

/**
 * Trains the whole model (Transformer, request-time MLP, ad tower) end to end with Adam on the
 * in-batch log-Q softmax loss over engagements in [from, to), shuffled each epoch by `seed`.
 * Every example's history is cut at its snapshot time ⌊t / P⌋·P, exactly what serving reads from
 * the feature store, so training and serving see the same (stale) history. Trains through `fitSync`:
 * epoch e shuffles with `Rng(seed).fork('epoch-e')` and draws context dropout from its fork 'dropout'.
 */
export function trainTwoTower(model: SequentialTwoTower, opts: TwoTowerTrainOptions): TwoTowerTrainResult {
  const epochs = opts.epochs ?? 1;
  const B = opts.batch ?? 256;
  const lr = opts.lr ?? 0.003;
  requireInt('epochs', epochs, 1);
  requireInt('batch', B, 2);
  requireFinite('lr', lr, 0);
  const rows = engagementRows(model.world, opts.from, opts.to);
  if (rows.length < B)
    throw new PinlabInputError('to', `only ${rows.length} engagements in [from, to), fewer than one batch of ${B}`);
  const logQ = logSamplingProbability(model, rows);
  const optimizer = TfAdam.likeTfjs(model.variables(), lr);
  const batch = allocateBatch(model, B);
  const logEvery = opts.logEvery ?? 50;
  const epochLoss: number[] = [];
  let steps = 0;
  let windowLoss = 0;
  let windowSteps = 0;
  const trainable: Trainable = {
    trainEpoch(rng, ctx) {
      const order = rng.shuffle(Uint32Array.from(rows));
      const dropout = rng.fork('dropout');
      let total = 0;
      let n = 0;
      // Drop the last partial batch: a smaller batch has fewer negatives and a different loss scale.
      for (let s = 0; s + B <= order.length && !ctx.outOfTime(); s += B) {
        fillBatch(model, order.subarray(s, s + B), batch, dropout);
        const v = optimizer.minimize(() => model.loss(batch, logQ));
        total += v;
        n++;
        steps++;
        windowLoss += v;
        windowSteps++;
        if (opts.onProgress && steps % logEvery === 0) {
          opts.onProgress(steps, windowLoss / windowSteps);
          windowLoss = 0;
          windowSteps = 0;
        }
      }
      if (n > 0) epochLoss.push(total / n);
      return total / n;
    },
  };
  const run = fitSync(trainable, { seed: opts.seed, maxEpochs: epochs, budgetSeconds: opts.budgetSeconds });
  optimizer.dispose();
  return { examples: rows.length, steps, seconds: run.trainSeconds, epochLoss };
}
