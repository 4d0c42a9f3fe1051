import { PinlabInputError, requireInt } from '../errors';

/**
 * Merges candidate lists from several generators into one deduplicated list (first appearance
 * order: generator 0's list, then new ads from generator 1, …) and remembers, per merged
 * candidate, the bitmask of generators that proposed it (bit g = generator g). At most 31
 * generators. Stamps make each merge O(total candidates) with no clearing or allocation.
 */
export class CandidateMerger {
  readonly ads: Int32Array;
  readonly sources: Int32Array;
  count = 0;
  private readonly slot: Int32Array;
  private readonly stamp: Int32Array;
  private round = 0;

  constructor(
    readonly numAds: number,
    readonly capacity: number,
  ) {
    requireInt('numAds', numAds, 1);
    requireInt('capacity', capacity, 1);
    this.ads = new Int32Array(capacity);
    this.sources = new Int32Array(capacity);
    this.slot = new Int32Array(numAds);
    this.stamp = new Int32Array(numAds);
  }

  /** Starts a new request's merge. */
  reset(): void {
    this.count = 0;
    this.round++;
  }

  /** Adds generator `g`'s list `list[0 … n)`. */
  add(g: number, list: Int32Array, n: number): void {
    if (!(g >= 0 && g < 31)) throw new PinlabInputError('generator', `must be in [0, 31), got ${g}`);
    const bit = 1 << g;
    for (let k = 0; k < n; k++) {
      const a = list[k];
      if (!(a >= 0 && a < this.numAds))
        throw new PinlabInputError('candidates', `must be an ad row in [0, ${this.numAds}), got ${a}`, k);
      if (this.stamp[a] === this.round) {
        this.sources[this.slot[a]] |= bit;
        continue;
      }
      if (this.count === this.capacity)
        throw new PinlabInputError('candidates', `more than capacity ${this.capacity} distinct ads`);
      this.stamp[a] = this.round;
      this.slot[a] = this.count;
      this.ads[this.count] = a;
      this.sources[this.count++] = bit;
    }
  }
}
