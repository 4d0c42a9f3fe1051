import { PinlabInputError } from '../errors';
import type { Rng } from '../random/rng';

/**
 * A set of (user, item) pairs as per-user sorted item lists (CSR over users): membership is a
 * binary search, built with a counting sort (no per-pair objects).
 */
export class PairSet {
  readonly offsets: Uint32Array;
  readonly items: Uint32Array;

  constructor(users: number, pairUser: ArrayLike<number>, pairItem: ArrayLike<number>) {
    const offsets = new Uint32Array(users + 1);
    for (let k = 0; k < pairUser.length; k++) offsets[pairUser[k] + 1]++;
    for (let u = 0; u < users; u++) offsets[u + 1] += offsets[u];
    const fill = offsets.slice(0, users);
    const items = new Uint32Array(pairUser.length);
    for (let k = 0; k < pairUser.length; k++) items[fill[pairUser[k]]++] = pairItem[k];
    for (let u = 0; u < users; u++) items.subarray(offsets[u], offsets[u + 1]).sort();
    this.offsets = offsets;
    this.items = items;
  }

  has(user: number, item: number): boolean {
    let lo = this.offsets[user];
    let hi = this.offsets[user + 1];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.items[mid];
      if (v === item) return true;
      if (v < item) lo = mid + 1;
      else hi = mid;
    }
    return false;
  }

  size(user: number): number {
    return this.offsets[user + 1] - this.offsets[user];
  }
}

/**
 * Uniform negative items for a user from a candidate pool, rejecting pairs in `exclude` (the true
 * edges the sampler may know about). Rejection is cheap because users engage a tiny share of items.
 */
export class NegativeSampler {
  constructor(
    readonly exclude: PairSet,
    readonly pool: Uint32Array,
  ) {
    if (pool.length === 0) throw new PinlabInputError('pool', 'is empty');
  }

  /** One item from the pool that `user` has no true edge with. */
  sample(user: number, rng: Rng): number {
    if (this.exclude.size(user) >= this.pool.length) {
      // Only possible when the user touched most of the pool: check exhaustively once.
      let free = 0;
      for (let k = 0; k < this.pool.length; k++) if (!this.exclude.has(user, this.pool[k])) free++;
      if (free === 0)
        throw new PinlabInputError('user', `user ${user} has a true edge with every pool item: no negative exists`);
    }
    for (;;) {
      const item = this.pool[rng.int(this.pool.length)];
      if (!this.exclude.has(user, item)) return item;
    }
  }

  /** Fills `out[k]` with a negative for `users[k]` (no allocation: for per-epoch resampling). */
  sampleMany(users: ArrayLike<number>, out: Uint32Array, rng: Rng): Uint32Array {
    for (let k = 0; k < users.length; k++) out[k] = this.sample(users[k], rng);
    return out;
  }
}
