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
  /** Restores `state()` output (same shapes). */
  restore(state: Record<string, Float32Array>): void;
}
