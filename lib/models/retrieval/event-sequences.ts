import { requireFinite, requireInt } from '../../errors';
import type { World } from '../../data/world/world';

/**
 * Users' engagement histories as fixed-length token sequences for the sequential user tower.
 *
 * A user's history before time τ is their L most recent engagements (click or save, organic or
 * ad) with time < τ, left-padded so the most recent event sits at the last position L − 1.
 * Token ids are item ids; `emptyToken` (= I) stands at the last position when the history is
 * empty (so every sequence has a valid final position) and `padToken` (= I + 1) fills the rest.
 * Vocabulary size I + 2.
 */
export class EventSequences {
  readonly length: number;
  readonly emptyToken: number;
  readonly padToken: number;
  readonly vocab: number;
  /** Engaged rows per user in time order: user u's are rows[offsets[u] … offsets[u+1]). */
  private readonly offsets: Uint32Array;
  private readonly times: Float64Array;
  private readonly itemsOf: Int32Array;

  constructor(
    readonly world: World,
    length: number,
  ) {
    requireInt('length', length, 1);
    this.length = length;
    const I = world.items.count;
    this.emptyToken = I;
    this.padToken = I + 1;
    this.vocab = I + 2;
    const { interactions: x, users, sessions, sessionOffsets } = world;
    const offsets = new Uint32Array(users.count + 1);
    for (let u = 0; u < users.count; u++) {
      let n = 0;
      for (let r = sessions.rowOffsets[sessionOffsets[u]]; r < sessions.rowOffsets[sessionOffsets[u + 1]]; r++)
        if (x.outcome[r] !== 0) n++;
      offsets[u + 1] = offsets[u] + n;
    }
    this.offsets = offsets;
    this.times = new Float64Array(offsets[users.count]);
    this.itemsOf = new Int32Array(offsets[users.count]);
    for (let u = 0, k = 0; u < users.count; u++) {
      for (let r = sessions.rowOffsets[sessionOffsets[u]]; r < sessions.rowOffsets[sessionOffsets[u + 1]]; r++) {
        if (x.outcome[r] === 0) continue;
        this.times[k] = x.time[r];
        this.itemsOf[k++] = x.item[r];
      }
    }
  }

  /** Number of user u's engagements strictly before τ. */
  countBefore(user: number, tau: number): number {
    let lo = this.offsets[user];
    let hi = this.offsets[user + 1];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[mid] < tau) lo = mid + 1;
      else hi = mid;
    }
    return lo - this.offsets[user];
  }

  /** Writes user u's sequence before τ into out[offset … offset + L). */
  write(user: number, tau: number, out: Int32Array, offset: number): void {
    requireFinite('tau', tau);
    const L = this.length;
    const n = this.countBefore(user, tau);
    const take = Math.min(n, L);
    const end = this.offsets[user] + n;
    out.fill(this.padToken, offset, offset + L - take);
    for (let k = 0; k < take; k++) out[offset + L - take + k] = this.itemsOf[end - take + k];
    if (take === 0) out[offset + L - 1] = this.emptyToken;
  }
}
