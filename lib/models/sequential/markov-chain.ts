import { PinlabInputError, requireFinite } from '../../errors';
import type { NextItemScorer } from '../../metrics/next-item';
import { itemCounts } from './popularity';

export interface MarkovChainOptions {
  /**
   * Strength β of the popularity prior (default 1): score(j | a) = T[a, j] + β · pop(j) / max pop, with
   * T[a, j] the a → j transitions in training, so the most popular item counts as β pseudo-transitions
   * out of every item (a Dirichlet prior shaped by popularity, up to the constant denominator). Small β
   * ranks by transitions and breaks their ties by popularity; large β approaches popularity. Normalised by
   * the largest count, not the total, so β ≥ 0.01 stays well above float32 resolution next to counts.
   * Choose it on validation.
   */
  readonly backoff?: number;
}

/**
 * A first-order item → item Markov chain: counts each training sequence's consecutive pairs and scores
 * the items that followed the history's last item, backed off to popularity (see `backoff`); an empty
 * history, or a last item never followed by anything in training, scores by popularity alone.
 */
export class MarkovChainScorer implements NextItemScorer {
  readonly backoff: number;
  /** The popularity prior β · pop / max pop, the row every score starts from. */
  readonly prior: Float32Array;
  /** Transitions in compressed rows: `next[offsets[a] .. offsets[a+1])` followed a, `count` times each. */
  readonly offsets: Int32Array;
  readonly next: Int32Array;
  readonly count: Float32Array;

  constructor(train: readonly Int32Array[], numItems: number, opts: MarkovChainOptions = {}) {
    this.backoff = opts.backoff ?? 1;
    requireFinite('backoff', this.backoff, 0);
    const pop = itemCounts(train, numItems);
    const top = pop.reduce((m, c) => Math.max(m, c), 0);
    this.prior = pop.map((c) => (top > 0 ? (this.backoff * c) / top : 0));
    // Sort the pairs by (from, to) as one key, then merge repeats: O(P log P), no per-item maps.
    const keys: number[] = [];
    for (const s of train) for (let t = 1; t < s.length; t++) keys.push(s[t - 1] * numItems + s[t]);
    const sorted = Float64Array.from(keys).sort();
    const next: number[] = [];
    const count: number[] = [];
    this.offsets = new Int32Array(numItems + 1);
    for (let p = 0; p < sorted.length; p++) {
      if (p > 0 && sorted[p] === sorted[p - 1]) {
        count[count.length - 1]++;
        continue;
      }
      const from = Math.floor(sorted[p] / numItems);
      this.offsets[from + 1]++;
      next.push(sorted[p] - from * numItems);
      count.push(1);
    }
    for (let a = 0; a < numItems; a++) this.offsets[a + 1] += this.offsets[a];
    this.next = Int32Array.from(next);
    this.count = Float32Array.from(count);
  }

  scoreAll(histories: readonly Int32Array[]): Float32Array {
    const n = this.prior.length;
    const out = new Float32Array(histories.length * n);
    histories.forEach((h, r) => {
      const row = out.subarray(r * n, (r + 1) * n);
      row.set(this.prior);
      if (h.length === 0) return;
      const a = h[h.length - 1];
      if (!(a >= 0 && a < n)) throw new PinlabInputError('histories', `last item ${a} outside [0, ${n})`, r);
      for (let e = this.offsets[a]; e < this.offsets[a + 1]; e++) row[this.next[e]] += this.count[e];
    });
    return out;
  }
}
