// Next-item evaluation for sequential recommenders (leave-one-out protocol of SASRec).

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
