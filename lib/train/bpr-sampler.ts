import type { RowSets } from '../data/types';
import type { Rng } from '../random/rng';
import { PinlabInputError } from '../errors';

/**
 * Which positives an epoch's triples hold: 'interactions', every training pair (u, i) once in a
 * shuffled order; 'users', as many triples, each a user drawn uniformly (with replacement) from those
 * with training items and one of its items drawn uniformly (LightGCN's reference sampler,
 * UniformSample_original), so every user weighs the same whatever its number of items.
 */
export type BprDraw = 'interactions' | 'users';

/**
 * BPR training triples (u, i, j), as many per epoch as there are training interactions (`draw` says
 * which), each with a negative j drawn uniformly from the items u has not interacted with (rejection
 * sampling against u's sorted training items). Buffers are allocated once.
 */
export class BprSampler {
  readonly users: Int32Array;
  readonly pos: Int32Array;
  readonly neg: Int32Array;
  private readonly sorted: Int32Array;
  private readonly order: Int32Array;
  private readonly rowOf: Int32Array;
  /** Users with at least one training item (the draws of 'users'). */
  private readonly active: Int32Array;

  constructor(
    readonly train: RowSets,
    readonly numItems: number,
    readonly draw: BprDraw = 'interactions',
  ) {
    if (draw !== 'interactions' && draw !== 'users')
      throw new PinlabInputError('draw', `must be 'interactions' or 'users', got '${String(draw)}'`);
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
    this.active = Int32Array.from({ length: rows }, (_, u) => u).filter((u) => train.offsets[u + 1] > train.offsets[u]);
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
    if (this.draw === 'users') {
      const { offsets, ids } = this.train;
      for (let t = 0; t < this.users.length; t++) {
        const u = this.active[rng.int(this.active.length)];
        this.users[t] = u;
        this.pos[t] = ids[offsets[u] + rng.int(offsets[u + 1] - offsets[u])];
        this.neg[t] = this.sampleNegative(u, rng);
      }
      return;
    }
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
