import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateWorld } from '../../../lib/data/world/generate';
import { adsDescription, categoryEngagement, categorySummary } from '../../../lib/data/world/world-summary';
import { Outcome } from '../../../lib/data/world/vocab';

const world = generateWorld({ users: 300, items: 1500, seed: 11, days: 20 });
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

test('categorySummary: the group-by and join agree with a direct count per category', () => {
  const df = categorySummary(world);
  const columns = ['category', 'items', 'ads', 'mean_bid_usd', 'max_bid_usd', 'mean_conversion_value_usd'];
  assert.deepEqual(df.columns, columns);
  const rows = df.values as (string | number)[][];
  const items = rows.map((r) => r[1] as number);
  assert.deepEqual(
    items,
    [...items].sort((a, b) => b - a),
    'most items first',
  );
  assert.equal(
    items.reduce((s, v) => s + v, 0),
    world.items.count,
  );
  for (const [category, nItems, nAds, meanBid, maxBid, meanValue] of rows) {
    const c = world.categories.indexOf(category as string);
    const ads = [...Array(world.ads.count).keys()].filter((a) => world.items.category[world.ads.item[a]] === c);
    const bids = ads.map((a) => Math.round(world.ads.bid[a] * 100) / 100);
    const values = ads.map((a) => Math.round(world.ads.convValue[a] * 100) / 100);
    assert.equal(nItems, world.items.category.filter((v) => v === c).length, `${category} items`);
    assert.equal(nAds, ads.length, `${category} ads`);
    if (ads.length === 0) continue;
    assert.ok(close(meanBid as number, bids.reduce((s, v) => s + v, 0) / bids.length), `${category} mean bid`);
    assert.equal(maxBid, Math.max(...bids));
    assert.ok(close(meanValue as number, values.reduce((s, v) => s + v, 0) / values.length), `${category} mean value`);
  }
});

test('adsDescription: describe() of bids and conversion values', () => {
  const d = adsDescription(world);
  assert.deepEqual(d.columns, ['bid_usd', 'conversion_value_usd']);
  const at = (label: string) => (d.values as number[][])[(d.index as string[]).indexOf(label)];
  const bids = Array.from(world.ads.bid, (b) => Math.round(b * 100) / 100);
  assert.equal(at('count')[0], world.ads.count);
  assert.ok(close(at('mean')[0], bids.reduce((s, v) => s + v, 0) / bids.length));
  assert.equal(at('min')[0], Math.min(...bids));
  assert.equal(at('max')[0], Math.max(...bids));
});

test('categoryEngagement: per-category counts add up to the interaction table', () => {
  const rows = categoryEngagement(world);
  assert.equal(rows.length, world.categories.length);
  const x = world.interactions;
  assert.equal(
    rows.reduce((s, r) => s + r.impressions, 0),
    x.count,
  );
  assert.equal(
    rows.reduce((s, r) => s + r.conversions, 0),
    x.converted.reduce((s, v) => s + v, 0),
  );
  const engaged = x.outcome.filter((o) => o !== Outcome.impression).length;
  assert.ok(
    close(
      rows.reduce((s, r) => s + r.engagement_rate * r.impressions, 0),
      engaged,
    ),
  );
  for (const r of rows) {
    assert.ok(r.ad_ctr >= 0 && r.ad_ctr <= 1 && r.engagement_rate >= 0 && r.engagement_rate <= 1, r.category);
  }
});
