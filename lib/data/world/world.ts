import type { WorldParams } from './params';

/**
 * The public shape of a generated ads world: column-oriented typed arrays (one entry per row),
 * so models read them without per-row objects. Indices are dense: users 0…U−1, items 0…I−1,
 * ads 0…A−1 (each ad is also an item), categories 0…C−1 (into `categories`).
 */
export interface UserTable {
  count: number;
  /** Index into `World.ageGroups`. */
  ageGroup: Uint8Array;
  /** Largest / second-largest component of the user's initial interest vector (category indices). */
  mainInterest: Uint8Array;
  secondaryInterest: Uint8Array;
  /** Expected sessions over the window (the user's activity level). */
  activity: Float32Array;
}

export interface ItemTable {
  count: number;
  category: Uint8Array;
  isAd: Uint8Array;
  /** Row in `AdTable` for ads, −1 for organic pins. */
  adIndex: Int32Array;
}

/** The ad inventory. Bids are CPC in dollars; conversion value is what the advertiser earns per conversion. */
export interface AdTable {
  count: number;
  item: Uint32Array;
  advertiser: Uint32Array;
  bid: Float32Array;
  convValue: Float32Array;
  advertisers: number;
}

/**
 * Sessions are requests: a user opens a surface at `start`. On Related Pins the user is viewing a
 * subject pin (`contextItem`, organic, with `contextCategory`); on the home feed both are −1.
 * Sorted by (user, start). Session s owns interaction rows [rowOffsets[s], rowOffsets[s+1]).
 */
export interface SessionTable {
  count: number;
  user: Uint32Array;
  start: Float64Array;
  contextItem: Int32Array;
  contextCategory: Int8Array;
  rowOffsets: Uint32Array;
}

/**
 * One row per impression, sorted by (user, time): a per-user timestamped event sequence.
 * `outcome` is 0 impression only, 1 click, 2 save (see `Outcome`); `converted` is 1 when an ad click
 * led to a conversion. `pEngage` is the true P(click or save) given everything at that moment and
 * `pConvert` the true P(conversion | click) (0 for organic pins): the Bayes-optimal scores.
 */
export interface InteractionTable {
  count: number;
  user: Uint32Array;
  session: Uint32Array;
  item: Uint32Array;
  /** Seconds since the start of the window. */
  time: Float64Array;
  /** Slot index within the session (0 = first). */
  position: Uint16Array;
  outcome: Uint8Array;
  converted: Uint8Array;
  pEngage: Float32Array;
  pConvert: Float32Array;
}

/**
 * The hidden state that generated the data (row-major matrices). Models must not read it; the
 * oracle and Bayes-optimal metrics do.
 */
export interface LatentState {
  /** U × C interest vectors at t = 0 and their drift targets (each row sums to 1). */
  interest0: Float32Array;
  interest1: Float32Array;
  /** Dirichlet concentration κ of each user (small = niche). */
  concentration: Float32Array;
  /** U × D and I × D unit style vectors. */
  userStyle: Float32Array;
  itemStyle: Float32Array;
  /** I log-popularity values b_i ~ N(0, 1). */
  popularity: Float32Array;
  /** (age groups) × C age–category affinity. */
  ageAffinity: Float32Array;
  /** A per-ad conversion propensity (creative / landing-page quality). */
  adConvPropensity: Float32Array;
}

export interface World {
  /** Generator version: part of the cache key. */
  version: string;
  params: WorldParams;
  categories: readonly string[];
  ageGroups: readonly string[];
  /** Seconds in the window: `params.days · 86400`. */
  horizon: number;
  users: UserTable;
  items: ItemTable;
  ads: AdTable;
  sessions: SessionTable;
  interactions: InteractionTable;
  latent: LatentState;
  /** User u's sessions are [sessionOffsets[u], sessionOffsets[u+1]); length U + 1. */
  sessionOffsets: Uint32Array;
}

/** User u's interaction rows are [rowStart(u), rowStart(u + 1)). */
export function userRows(world: World, user: number): [number, number] {
  const s = world.sessionOffsets;
  const r = world.sessions.rowOffsets;
  return [r[s[user]], r[s[user + 1]]];
}
