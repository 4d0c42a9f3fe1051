// Shared data shapes: what loaders and splits produce and what models, training and metrics consume.

/**
 * Sets of ids per row in compressed-sparse-row form: row q holds `ids[offsets[q] .. offsets[q+1])`.
 * Used for each query's positives (and, in retrieval, each user's excluded training items).
 */
export interface RowSets {
  readonly offsets: Int32Array;
  readonly ids: Int32Array;
}

/** A user–item implicit-feedback split: per-user item sets for training and for testing. */
export interface ImplicitSplit {
  readonly numUsers: number;
  readonly numItems: number;
  readonly train: RowSets;
  readonly test: RowSets;
}

/** Node pairs (e.g. edges) as two parallel id arrays. */
export interface Pairs {
  readonly src: Int32Array;
  readonly dst: Int32Array;
}

export interface LabeledPairs extends Pairs {
  /** 1 = link (click), 0 = sampled non-link. */
  readonly label: Uint8Array;
}

/** Time-ordered item sequences, one per user, with 0-based item ids: what sequential recommenders read. */
export interface ItemSequences {
  readonly numUsers: number;
  readonly numItems: number;
  readonly sequences: readonly Int32Array[];
}

/**
 * A leave-one-out split of `ItemSequences` (SASRec's `data_partition`): per user the last item is the
 * test item and the one before it the validation item. Users with fewer than 3 interactions keep every
 * item in training and are not evaluated (`valid` and `test` are -1 for them).
 */
export interface LeaveOneOutSplit {
  readonly numUsers: number;
  readonly numItems: number;
  /** Per user, the training items in time order. */
  readonly train: readonly Int32Array[];
  /** Per user, the validation item, or -1. */
  readonly valid: Int32Array;
  /** Per user, the test item, or -1. */
  readonly test: Int32Array;
}
