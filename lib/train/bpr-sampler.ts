import type { RowSets } from '../data/types';
import type { Rng } from '../random/rng';

/**
 * BPR training triples (u, i, j): every training interaction (u, i) once per epoch in a shuffled
 * order, each with a negative j drawn uniformly from the items u has not interacted with
 * (rejection sampling against u's sorted training items). Buffers are allocated once.
 */
export class BprSampler {
  readonly users: Int32Array;
  readonly pos: Int32Array;
  readonly neg: Int32Array;
  private readonly sorted: Int32Array;
  private readonly order: Int32Array;
  private readonly rowOf: Int32Array;

  constructor(
    readonly train: RowSets,
    readonly numItems: number,
  ) {
    const n = train.ids.length;
    this.users = new Int32Array(n);
    this.pos = new Int32Array(n);
    this.neg = new Int32Array(n);
    this.order = Int32Array.from({ length: n }, (_, k) => k);
    this.rowOf = new Int32Array(n);
    this.sorted = new Int32Array(n);
    const rows = train.offsets.length - 1;
    for (let u = 0; u < rows; u++) {
      const a = train.offsets[u],
        b = train.offsets[u + 1];
      this.rowOf.fill(u, a, b);
      this.sorted.set(train.ids.subarray(a, b).slice().sort(), a);
    }
  }

  /** True when item j is in user u's training set (binary search). */
  isPositive(u: number, j: number): boolean {
    let lo = this.train.offsets[u],
      hi = this.train.offsets[u + 1] - 1;
    const s = this.sorted;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = s[mid];
      if (v === j) return true;
      if (v < j) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /** A uniformly random item u has not trained on. */
  sampleNegative(u: number, rng: Rng): number {
    for (;;) {
      const j = rng.int(this.numItems);
      if (!this.isPositive(u, j)) return j;
    }
  }

  /** Fills `users`, `pos`, `neg` with one epoch of triples; depends only on `rng` (so resumed runs repeat it). */
  epoch(rng: Rng): void {
    for (let k = 0; k < this.order.length; k++) this.order[k] = k;
    rng.shuffle(this.order);
    for (let t = 0; t < this.order.length; t++) {
      const k = this.order[t];
      const u = this.rowOf[k];
      this.users[t] = u;
      this.pos[t] = this.train.ids[k];
      this.neg[t] = this.sampleNegative(u, rng);
    }
  }
}

/**
 * Fills `out` with distinct uniform draws from [0, n) (e.g. negatives shared by a batch's pairs); `mark`
 * (length n, all −1) is left as it was found.
 */
export function sampleDistinct(out: Int32Array, n: number, rng: Rng, mark: Int32Array): void {
  for (let k = 0; k < out.length; k++) {
    let j = rng.int(n);
    while (mark[j] >= 0) j = rng.int(n);
    mark[j] = k;
    out[k] = j;
  }
  for (let k = 0; k < out.length; k++) mark[out[k]] = -1;
}
