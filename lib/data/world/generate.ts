import { Rng } from '../../random/rng';
import { resolveWorldParams, type WorldOptions, type WorldParams } from './params';
import { AGE_GROUPS, AGE_SHARES, CATEGORIES, CATEGORY_SHARES, Outcome } from './vocab';
import { categorical, dirichletInto, poisson } from './sampling';
import { Pool, WorldOracle, type PoolCode, type WorldCore } from './oracle';
import { requireWorldFits } from './size';
import type { AdTable, InteractionTable, ItemTable, LatentState, SessionTable, UserTable, World } from './world';

/** Bump when the generator's output for the same parameters changes: invalidates caches. */
export const WORLD_VERSION = 'world-1';

const DAY = 86_400;
/** Seconds between consecutive slots of a session. */
const SLOT_GAP = 20;
/** Probability that an ad keeps its advertiser's home category. */
const ADVERTISER_FOCUS = 0.8;

/** Number of advertisers sharing the ads: about `adsPerAdvertiser` ads each. */
export function advertiserCount(p: WorldParams): number {
  const ads = Math.round(p.items * p.adFraction);
  return ads === 0 ? 0 : Math.max(1, Math.round(ads / p.adsPerAdvertiser));
}

/** Writes a standard-normal vector into m[row·D …] scaled to unit length after adding `base`. */
function unitInto(rng: Rng, m: Float32Array, row: number, D: number, base?: Float32Array, baseRow = 0): void {
  let norm = 0;
  for (let d = 0; d < D; d++) {
    const v = (base ? base[baseRow * D + d] : 0) + rng.normal() / Math.sqrt(D);
    m[row * D + d] = v;
    norm += v * v;
  }
  norm = Math.sqrt(norm) || 1;
  for (let d = 0; d < D; d++) m[row * D + d] /= norm;
}

/** Users, items, ads and the latent state (everything but sessions and interactions). */
function drawCore(p: WorldParams, rng: Rng): WorldCore {
  const C = CATEGORIES.length;
  const D = p.styleDim;
  const U = p.users;
  const I = p.items;
  const r = rng.fork('core');

  const categoryCentre = new Float32Array(C * D);
  for (let c = 0; c < C; c++) unitInto(r, categoryCentre, c, D);
  const ageAffinity = new Float32Array(AGE_GROUPS.length * C);
  for (let k = 0; k < ageAffinity.length; k++) ageAffinity[k] = r.normal();

  const users: UserTable = {
    count: U,
    ageGroup: new Uint8Array(U),
    mainInterest: new Uint8Array(U),
    secondaryInterest: new Uint8Array(U),
    activity: new Float32Array(U),
  };
  const interest0 = new Float32Array(U * C);
  const interest1 = new Float32Array(U * C);
  const concentration = new Float32Array(U);
  const userStyle = new Float32Array(U * D);
  const alpha = new Float64Array(C);
  const mix = new Float32Array(D);
  const activitySd = 0.7;
  for (let u = 0; u < U; u++) {
    users.ageGroup[u] = categorical(r, AGE_SHARES);
    const kappa = p.concentrationMedian * Math.exp(p.concentrationSpread * r.normal());
    concentration[u] = kappa;
    for (let c = 0; c < C; c++) alpha[c] = kappa * CATEGORY_SHARES[c];
    dirichletInto(r, alpha, interest0, u * C);
    dirichletInto(r, alpha, interest1, u * C);
    let main = 0;
    let second = -1;
    for (let c = 1; c < C; c++) if (interest0[u * C + c] > interest0[u * C + main]) main = c;
    for (let c = 0; c < C; c++)
      if (c !== main && (second < 0 || interest0[u * C + c] > interest0[u * C + second])) second = c;
    users.mainInterest[u] = main;
    users.secondaryInterest[u] = second;
    // The user's style leans towards the centres of the categories they like.
    mix.fill(0);
    for (let c = 0; c < C; c++) for (let d = 0; d < D; d++) mix[d] += interest0[u * C + c] * categoryCentre[c * D + d];
    unitInto(r, userStyle, u, D, mix);
    // Log-normal activity with mean sessionsPerUser.
    users.activity[u] = p.sessionsPerUser * Math.exp(activitySd * r.normal() - (activitySd * activitySd) / 2);
  }

  const items: ItemTable = {
    count: I,
    category: new Uint8Array(I),
    isAd: new Uint8Array(I),
    adIndex: new Int32Array(I).fill(-1),
  };
  const popularity = new Float32Array(I);
  for (let i = 0; i < I; i++) {
    items.category[i] = categorical(r, CATEGORY_SHARES);
    popularity[i] = r.normal();
  }

  const A = Math.round(I * p.adFraction);
  const order = r.shuffle(Uint32Array.from({ length: I }, (_, i) => i));
  const adItems = order.subarray(0, A).sort();
  const advertisers = advertiserCount(p);
  const home = new Uint8Array(advertisers);
  const baseBid = new Float64Array(advertisers);
  const baseValue = new Float64Array(advertisers);
  for (let k = 0; k < advertisers; k++) {
    home[k] = categorical(r, CATEGORY_SHARES);
    baseBid[k] = p.bidMedian * Math.exp(0.5 * r.normal());
    baseValue[k] = p.valueMedian * Math.exp(0.8 * r.normal());
  }
  const ads: AdTable = {
    count: A,
    item: Uint32Array.from(adItems),
    advertiser: new Uint32Array(A),
    bid: new Float32Array(A),
    convValue: new Float32Array(A),
    advertisers,
  };
  const adConvPropensity = new Float32Array(A);
  for (let a = 0; a < A; a++) {
    const i = ads.item[a];
    const k = r.int(advertisers);
    items.isAd[i] = 1;
    items.adIndex[i] = a;
    if (r.next() < ADVERTISER_FOCUS) items.category[i] = home[k];
    ads.advertiser[a] = k;
    ads.bid[a] = Math.max(p.minBid, baseBid[k] * Math.exp(0.25 * r.normal()));
    ads.convValue[a] = baseValue[k] * Math.exp(0.3 * r.normal());
    adConvPropensity[a] = p.convPropensitySd * r.normal();
  }

  const itemStyle = new Float32Array(I * D);
  for (let i = 0; i < I; i++) unitInto(r, itemStyle, i, D, categoryCentre, items.category[i]);

  const latent: LatentState = {
    interest0,
    interest1,
    concentration,
    userStyle,
    itemStyle,
    popularity,
    ageAffinity,
    adConvPropensity,
  };
  return { params: p, users, items, ads, latent, horizon: p.days * DAY, categories: CATEGORIES };
}

/** Pass 1: sessions (times, contexts, slot counts) for every user, sorted by (user, start). */
function drawSessions(
  core: WorldCore,
  oracle: WorldOracle,
  rng: Rng,
): { sessions: SessionTable; sessionOffsets: Uint32Array } {
  const p = core.params;
  const U = core.users.count;
  const r = rng.fork('sessions');
  const counts = new Uint32Array(U);
  const sessionOffsets = new Uint32Array(U + 1);
  for (let u = 0; u < U; u++) {
    counts[u] = Math.max(1, poisson(r, core.users.activity[u]));
    sessionOffsets[u + 1] = sessionOffsets[u] + counts[u];
  }
  const S = sessionOffsets[U];
  const sessions: SessionTable = {
    count: S,
    user: new Uint32Array(S),
    start: new Float64Array(S),
    contextItem: new Int32Array(S),
    contextCategory: new Int8Array(S),
    rowOffsets: new Uint32Array(S + 1),
  };
  // Sessions start early enough that all their slots fall inside the window.
  const latest = core.horizon - 2 * DAY * Math.min(1, p.days / 4);
  const w = new Float64Array(oracle.C);
  for (let u = 0; u < U; u++) {
    const lo = sessionOffsets[u];
    const hi = sessionOffsets[u + 1];
    for (let s = lo; s < hi; s++) sessions.start[s] = r.next() * latest;
    sessions.start.subarray(lo, hi).sort();
    for (let s = lo; s < hi; s++) {
      sessions.user[s] = u;
      const slots = 1 + poisson(r, p.slotsPerSession - 1);
      sessions.rowOffsets[s + 1] = sessions.rowOffsets[s] + slots;
      // A user's sessions never overlap: push a start past the previous session's last slot.
      if (s > lo)
        sessions.start[s] = Math.max(
          sessions.start[s],
          sessions.start[s - 1] + (sessions.rowOffsets[s] - sessions.rowOffsets[s - 1]) * SLOT_GAP,
        );
      if (r.next() < p.homeFeedRate) {
        sessions.contextItem[s] = -1;
        sessions.contextCategory[s] = -1;
        continue;
      }
      const c =
        r.next() < p.contextInterestRate
          ? categorical(r, oracle.interestVector(u, sessions.start[s], w))
          : categorical(r, CATEGORY_SHARES);
      const x = oracle.sampleInCategory(Pool.organic, c, r);
      sessions.contextItem[s] = x;
      sessions.contextCategory[s] = core.items.category[x];
    }
  }
  return { sessions, sessionOffsets };
}

/** Pass 2: one row per slot — exposure, engagement, conversion — with the true probabilities kept. */
function drawInteractions(
  core: WorldCore,
  oracle: WorldOracle,
  sessions: SessionTable,
  sessionOffsets: Uint32Array,
  rng: Rng,
): InteractionTable {
  const p = core.params;
  const r = rng.fork('interactions');
  const N = sessions.rowOffsets[sessions.count];
  const t: InteractionTable = {
    count: N,
    user: new Uint32Array(N),
    session: new Uint32Array(N),
    item: new Uint32Array(N),
    time: new Float64Array(N),
    position: new Uint16Array(N),
    outcome: new Uint8Array(N),
    converted: new Uint8Array(N),
    pEngage: new Float32Array(N),
    pConvert: new Float32Array(N),
  };
  let maxRows = 0;
  for (let u = 0; u < core.users.count; u++) {
    maxRows = Math.max(maxRows, sessions.rowOffsets[sessionOffsets[u + 1]] - sessions.rowOffsets[sessionOffsets[u]]);
  }
  // Per-pool engagement histories for the revisit channel, reused across users.
  const history = [new Uint32Array(maxRows), new Uint32Array(maxRows)];
  const historyLength = [0, 0];
  const scratch = new Float64Array(4);
  for (let u = 0; u < core.users.count; u++) {
    historyLength[0] = historyLength[1] = 0;
    for (let s = sessionOffsets[u]; s < sessionOffsets[u + 1]; s++) {
      const x = sessions.contextItem[s];
      for (let row = sessions.rowOffsets[s], pos = 0; row < sessions.rowOffsets[s + 1]; row++, pos++) {
        const time = sessions.start[s] + pos * SLOT_GAP;
        const pool: PoolCode = r.next() < p.adSlotRate ? Pool.ad : Pool.organic;
        const item = oracle.sampleExposure(u, time, x, pool, history[pool], historyLength[pool], r, scratch);
        const pe = oracle.engageProb(u, item, time, x);
        t.user[row] = u;
        t.session[row] = s;
        t.item[row] = item;
        t.time[row] = time;
        t.position[row] = pos;
        t.pEngage[row] = pe;
        if (pool === Pool.ad) t.pConvert[row] = oracle.convertProb(u, item, time);
        if (r.next() < pe) {
          t.outcome[row] = pool === Pool.organic && r.next() < p.saveRate ? Outcome.save : Outcome.click;
          history[pool][historyLength[pool]++] = item;
          if (pool === Pool.ad && r.next() < t.pConvert[row]) t.converted[row] = 1;
        }
      }
    }
  }
  return t;
}

/**
 * Generates a synthetic ads world (deterministic in `params.seed`): users, items with ads,
 * sessions with browsing context, and impressions with their outcomes and true probabilities.
 * The latent model is documented on `WorldOracle`. Use `loadOrGenerateWorld` to cache it.
 */
export function generateWorld(options: WorldOptions = {}): World {
  const params = resolveWorldParams(options);
  requireWorldFits(params, options);
  const rng = new Rng(params.seed);
  const core = drawCore(params, rng);
  const oracle = new WorldOracle(core);
  const { sessions, sessionOffsets } = drawSessions(core, oracle, rng);
  const interactions = drawInteractions(core, oracle, sessions, sessionOffsets, rng);
  return { version: WORLD_VERSION, ageGroups: AGE_GROUPS, ...core, sessions, sessionOffsets, interactions };
}
