import * as os from 'node:os';
import { PinlabInputError } from '../../errors';
import type { WorldOptions, WorldParams } from './params';
import { CATEGORIES } from './vocab';

/** The longest typed array a JavaScript engine allocates (V8: 2^32 elements); the world's offsets are Uint32 too. */
const MAX_ROWS = 2 ** 32 - 1;

export interface WorldSize {
  /** Expected number of sessions (users × sessionsPerUser) and impressions (sessions × slotsPerSession). */
  readonly sessions: number;
  readonly interactions: number;
  /** Expected bytes of the world's arrays. */
  readonly bytes: number;
  /** Estimated peak memory of generating and caching it: twice its arrays (scale 10: 0.7 GiB, 1.4 GiB peak). */
  readonly peakBytes: number;
}

/** The expected size of the world these parameters generate, from its columns' widths (see lib/data/world.ts). */
export function estimateWorldSize(p: WorldParams): WorldSize {
  const C = CATEGORIES.length,
    D = p.styleDim;
  const sessions = p.users * p.sessionsPerUser;
  const interactions = sessions * p.slotsPerSession;
  // Per row: users' ids, activity, two interest vectors, κ, style, offsets; items' columns, style and the oracle's
  // samplers (weights, groups, members, cumulative sums); sessions' columns; impressions' columns.
  const perUser = 3 + 4 + 8 * C + 4 + 4 * D + 8;
  const perItem = 6 + 4 + 4 * D + 4 + 8 + 4 + 2 * (4 + 8);
  const perSession = 4 + 8 + 4 + 1 + 4 + 4;
  const perInteraction = 4 + 4 + 4 + 8 + 2 + 1 + 1 + 4 + 4;
  const bytes = p.users * perUser + p.items * perItem + sessions * perSession + interactions * perInteraction;
  return { sessions, interactions, bytes, peakBytes: 2 * bytes };
}

const gib = (b: number) => `${(b / 2 ** 30).toFixed(b < 2 ** 30 ? 2 : 1)} GiB`;

/**
 * Refuses, before anything is allocated, a world whose estimated peak memory exceeds `memoryBytes`
 * (default: this machine's memory) or whose tables exceed the longest array (an impression count
 * past 2^32 − 1 would wrap the Uint32 offsets). Names `scale` when the sizes came from it.
 */
export function requireWorldFits(p: WorldParams, options: WorldOptions = {}, memoryBytes = os.totalmem()): WorldSize {
  const size = estimateWorldSize(p);
  const field = options.users === undefined || options.items === undefined ? 'scale' : 'users';
  const what =
    `${p.users} users × ${p.sessionsPerUser} sessions × ${p.slotsPerSession} slots ≈ ` +
    `${size.interactions.toExponential(2)} impressions`;
  // Twice the expectation: the counts are random and must stay below the limit.
  if (2 * Math.max(size.interactions, p.users * CATEGORIES.length, p.items * p.styleDim) > MAX_ROWS) {
    throw new PinlabInputError(field, `${p[field]} gives tables too long for arrays (${what}; limit ${MAX_ROWS} rows)`);
  }
  if (size.peakBytes > memoryBytes) {
    throw new PinlabInputError(
      field,
      `${p[field]} gives a world of about ${gib(size.bytes)} (${what}), an estimated ` +
        `${gib(size.peakBytes)} to generate, more than this machine's ${gib(memoryBytes)} of memory`,
    );
  }
  return size;
}
