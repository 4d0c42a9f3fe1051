import { PinlabInputError } from '../errors';
import type { Rng } from '../random/rng';
import type { ScoreSource } from '../retrieval/topk';
import type { Trainable } from './fit';

/**
 * A collaborative-filtering model trained epoch by epoch: what `trainRecommender` (./train-recommender)
 * needs to train, evaluate, checkpoint and resume it.
 */
export interface Recommender extends Trainable {
  readonly name: string;
  /** One pass over the training data; returns the mean training loss. */
  trainEpoch(rng: Rng): number;
  /** Scores for evaluation/retrieval from the current parameters (may run a forward pass). */
  scoreSource(): ScoreSource & { dispose?(): void };
  /** Every trainable array and optimiser state, for checkpoints. */
  state(): Record<string, Float32Array>;
  /** Restores `state()` output; refuses (PinlabInputError, nothing changed) arrays of other names or lengths. */
  restore(state: Record<string, Float32Array>): void;
}

/**
 * Throws (naming `field`, and `file` when the state was read from one) unless `given` has exactly
 * `expected`'s arrays, each of the same length: a state saved by another model, or the same model
 * at another size.
 */
export function requireSameState(
  field: string,
  expected: Record<string, Float32Array>,
  given: Record<string, Float32Array>,
  file?: string,
): void {
  const at = file === undefined ? undefined : { file };
  const fail = (reason: string) => new PinlabInputError(field, reason, undefined, at);
  const want = Object.keys(expected),
    have = Object.keys(given);
  if (want.some((n) => !(n in given)) || have.some((n) => !(n in expected))) {
    throw fail(`holds arrays [${have.join(', ')}], the model has [${want.join(', ')}]`);
  }
  for (const n of want) {
    if (!(given[n] instanceof Float32Array)) throw fail(`array '${n}' must be a Float32Array`);
    if (given[n].length !== expected[n].length) {
      throw fail(`array '${n}' has ${given[n].length} values, the model's has ${expected[n].length}`);
    }
  }
}
