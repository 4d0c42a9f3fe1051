import { PinlabInputError } from '../../errors';
import { Outcome } from './vocab';
import type { World } from './world';

/** Row counts and outcome totals of a world: what notebook 03 tabulates and records. */
export interface WorldCounts {
  users: number;
  items: number;
  ads: number;
  advertisers: number;
  sessions: number;
  /** Sessions on Related Pins (with a subject pin). */
  contextSessions: number;
  impressions: number;
  /** Impressions clicked or saved. */
  engagements: number;
  saves: number;
  adImpressions: number;
  adClicks: number;
  /** Ad clicks that converted. */
  conversions: number;
}

export function worldCounts(world: World): WorldCounts {
  const x = world.interactions;
  let engagements = 0;
  let saves = 0;
  let adImpressions = 0;
  let adClicks = 0;
  let conversions = 0;
  for (let r = 0; r < x.count; r++) {
    if (x.outcome[r] !== Outcome.impression) engagements++;
    if (x.outcome[r] === Outcome.save) saves++;
    if (world.items.isAd[x.item[r]] === 1) {
      adImpressions++;
      if (x.outcome[r] === Outcome.click) adClicks++;
      conversions += x.converted[r];
    }
  }
  let contextSessions = 0;
  for (let s = 0; s < world.sessions.count; s++) if (world.sessions.contextItem[s] >= 0) contextSessions++;
  return {
    users: world.users.count,
    items: world.items.count,
    ads: world.ads.count,
    advertisers: world.ads.advertisers,
    sessions: world.sessions.count,
    contextSessions,
    impressions: x.count,
    engagements,
    saves,
    adImpressions,
    adClicks,
    conversions,
  };
}

/** 1 for each impression that was engaged (clicked or saved), else 0: labels for the world's true P(engage). */
export function engagedLabels(world: World): Uint8Array {
  const x = world.interactions;
  const engaged = new Uint8Array(x.count);
  for (let r = 0; r < x.count; r++) engaged[r] = x.outcome[r] !== Outcome.impression ? 1 : 0;
  return engaged;
}

/** Ad impressions with `from ≤ time < to`: their true P(engage) and whether each was engaged (a CTR test set). */
export function adImpressionsBetween(
  world: World,
  from: number,
  to = world.horizon,
): { pTrue: Float64Array; label: Uint8Array } {
  if (!(from <= to)) throw new PinlabInputError('from', `must be <= to (${to}), got ${from}`);
  const x = world.interactions;
  const p: number[] = [];
  const y: number[] = [];
  for (let r = 0; r < x.count; r++) {
    if (x.time[r] < from || x.time[r] >= to || !world.items.isAd[x.item[r]]) continue;
    p.push(x.pEngage[r]);
    y.push(x.outcome[r] !== Outcome.impression ? 1 : 0);
  }
  return { pTrue: Float64Array.from(p), label: Uint8Array.from(y) };
}

/**
 * Interest drift as observed: per week of the window (a partial last week joins the one before),
 * the engagements and those in the engaging user's initial main interest, and their ratio.
 */
export function weeklyMainInterestShare(world: World): { engagements: number[]; inMain: number[]; share: number[] } {
  const weeks = Math.floor(world.params.days / 7);
  if (weeks < 1)
    throw new PinlabInputError('world.params.days', `must span at least one week, got ${world.params.days}`);
  const x = world.interactions;
  const engagements = new Array<number>(weeks).fill(0);
  const inMain = new Array<number>(weeks).fill(0);
  for (let r = 0; r < x.count; r++) {
    if (x.outcome[r] === Outcome.impression) continue;
    const w = Math.min(weeks - 1, Math.floor(x.time[r] / (7 * 86400)));
    engagements[w]++;
    if (world.items.category[x.item[r]] === world.users.mainInterest[x.user[r]]) inMain[w]++;
  }
  return { engagements, inMain, share: engagements.map((n, w) => (n > 0 ? inMain[w] / n : NaN)) };
}
