import { PinlabInputError, requireFinite } from '../errors';
import type { RowSets } from './types';
import type { Rng } from '../random/rng';
import type { ImplicitSplit } from './types';

export interface ValidationHoldOut {
  /** The split to train on: training pairs minus the held-out ones; the test pairs unchanged. */
  readonly train: ImplicitSplit;
  /** For model selection: the same training pairs, and the held-out pairs as its test rows. */
  readonly validation: ImplicitSplit;
}

/**
 * Holds out a share of each user's training items for model selection (early stopping), so no
 * choice is made on the test pairs: round(share × n) of a user's n items, chosen uniformly by
 * `rng`, always leaving at least one to train on. Users and items keep their ids.
 */
export function holdOutValidation(split: ImplicitSplit, share: number, rng: Rng): ValidationHoldOut {
  requireFinite('share', share, 0);
  if (share >= 1)
    throw new PinlabInputError('share', `must be below 1 (every user keeps a training item), got ${share}`);
  const U = split.numUsers,
    tr = split.train;
  const keepOff = new Int32Array(U + 1),
    valOff = new Int32Array(U + 1);
  const keep: number[] = [],
    val: number[] = [];
  for (let u = 0; u < U; u++) {
    const items = Array.from(tr.ids.subarray(tr.offsets[u], tr.offsets[u + 1]));
    const held = Math.min(Math.round(share * items.length), Math.max(items.length - 1, 0));
    rng.sampleToFront(items, held);
    val.push(...items.slice(0, held).sort((a, b) => a - b));
    keep.push(...items.slice(held).sort((a, b) => a - b));
    keepOff[u + 1] = keep.length;
    valOff[u + 1] = val.length;
  }
  const reduced: RowSets = { offsets: keepOff, ids: Int32Array.from(keep) };
  return {
    train: { ...split, train: reduced },
    validation: {
      numUsers: U,
      numItems: split.numItems,
      train: reduced,
      test: { offsets: valOff, ids: Int32Array.from(val) },
    },
  };
}
