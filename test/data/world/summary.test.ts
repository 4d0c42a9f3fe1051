import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { World } from '../../../lib/data/world/world';
import { PinlabInputError } from '../../../lib/errors';
import {
  adImpressionsBetween,
  engagedLabels,
  weeklyMainInterestShare,
  worldCounts,
} from '../../../lib/data/world/summary';

const DAY = 86400;

/**
 * Two users (main interests 0 and 1), four items (items 2 and 3 are ads, in categories 1 and 0),
 * 15 days (two weeks, the second running one day over), three sessions, eight impressions:
 *   row  user item  day  outcome  converted  pEngage
 *   0    0    0     1    click    0          0.15
 *   1    0    1     2    none     0          0.05
 *   2    0    2     3    click    1          0.55
 *   3    0    3     8    save     0          0.95
 *   4    1    1     9    click    0          0.35
 *   5    1    3    10    none     0          0.25
 *   6    1    2    14.5  click    0          0.45
 *   7    1    0    14.9  none     0          0.05
 */
function tinyWorld(): World {
  const rows = [
    [0, 0, 1, 1, 0, 0.15],
    [0, 1, 2, 0, 0, 0.05],
    [0, 2, 3, 1, 1, 0.55],
    [0, 3, 8, 2, 0, 0.95],
    [1, 1, 9, 1, 0, 0.35],
    [1, 3, 10, 0, 0, 0.25],
    [1, 2, 14.5, 1, 0, 0.45],
    [1, 0, 14.9, 0, 0, 0.05],
  ];
  const col = (j: number) => rows.map((r) => r[j]);
  return {
    params: { days: 15 },
    categories: ['a', 'b'],
    horizon: 15 * DAY,
    users: { count: 2, mainInterest: Uint8Array.of(0, 1) },
    items: {
      count: 4,
      category: Uint8Array.of(0, 1, 1, 0),
      isAd: Uint8Array.of(0, 0, 1, 1),
      adIndex: Int32Array.of(-1, -1, 0, 1),
    },
    ads: { count: 2, advertisers: 1 },
    sessions: { count: 3, contextItem: Int32Array.of(-1, 0, 1) },
    interactions: {
      count: rows.length,
      user: Uint32Array.from(col(0)),
      item: Uint32Array.from(col(1)),
      time: Float64Array.from(col(2), (d) => d * DAY),
      outcome: Uint8Array.from(col(3)),
      converted: Uint8Array.from(col(4)),
      pEngage: Float32Array.from(col(5)),
    },
  } as unknown as World;
}

test('worldCounts counts engagements, saves, ad impressions, ad clicks, conversions and context sessions', () => {
  const c = worldCounts(tinyWorld());
  assert.deepEqual(c, {
    users: 2,
    items: 4,
    ads: 2,
    advertisers: 1,
    sessions: 3,
    contextSessions: 2,
    impressions: 8,
    engagements: 5,
    saves: 1,
    adImpressions: 4,
    adClicks: 2,
    conversions: 1,
  });
});

test('engagedLabels marks clicks and saves', () => {
  assert.deepEqual(Array.from(engagedLabels(tinyWorld())), [1, 0, 1, 1, 1, 0, 1, 0]);
});

test('adImpressionsBetween keeps ad rows in [from, to) with their truth and engagement', () => {
  const s = adImpressionsBetween(tinyWorld(), 8 * DAY, 14.5 * DAY);
  // Ad rows: 2 (day 3), 3 (day 8), 5 (day 10), 6 (day 14.5, excluded by `to`).
  assert.deepEqual(
    Array.from(s.pTrue, (p) => +p.toFixed(2)),
    [0.95, 0.25],
  );
  assert.deepEqual(Array.from(s.label), [1, 0]);
  assert.throws(() => adImpressionsBetween(tinyWorld(), 5 * DAY, 4 * DAY), PinlabInputError);
});

test('weeklyMainInterestShare puts the partial last week into the week before', () => {
  const w = weeklyMainInterestShare(tinyWorld());
  // Week 1 (days 0–7): engagements rows 0 (user 0, cat 0 = main) and 2 (cat 1, not main).
  // Week 2 (day 7 on, with the extra day): rows 3 (user 0, cat 0: main), 4 (user 1, cat 1: main), 6 (cat 1: main).
  assert.deepEqual(w.engagements, [2, 3]);
  assert.deepEqual(w.inMain, [1, 3]);
  assert.deepEqual(w.share, [0.5, 1]);
});
