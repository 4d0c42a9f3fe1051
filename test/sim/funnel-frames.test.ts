import { test } from 'node:test';
import assert from 'node:assert/strict';
import { funnelArmsFrame, funnelGeneratorsFrame, liftsFrame } from '../../lib/sim/funnel-frames';
import type { AbLifts } from '../../lib/sim/ab';
import type { FunnelReport, GeneratorStats } from '../../lib/sim/funnel';

const gen = (name: string, candidates: number, impressions: number): GeneratorStats => ({
  name,
  candidates,
  impressions,
  impressionShare: impressions / 50,
  exclusiveImpressions: impressions - 1,
  meanRelevance: 0.1,
  medianRelevance: 0.09,
  medianPctr: 0.05,
});
// Only the fields the frames read; the rest of a report does not matter here.
const arm = (name: string, requests: number, revenue: number, clicks: number, conversions: number) =>
  ({
    name,
    requests,
    impressions: 50,
    clicks,
    conversions,
    revenue,
    value: 3 * revenue,
    ctr: clicks / 50,
    roas: 3,
    expectedRoas: 2.9,
    advertiserSurplus: 2 * revenue,
    impressionRelevance: 0.2,
    generators: [gen('popularity', 4 * requests, 30), gen('sequential', 2 * requests, 25)],
  }) as unknown as FunnelReport;

test('funnelArmsFrame: one row per arm, derived revenue per 1000 requests and conversions per click', () => {
  const df = funnelArmsFrame([arm('A', 200, 10, 8, 2), arm('B', 400, 30, 10, 5)]);
  assert.deepEqual(df.column('arm').values, ['A', 'B']);
  assert.deepEqual(df.column('revenue per 1000 requests').values, [50, 75]);
  assert.deepEqual(df.column('conversions per click').values, [0.25, 0.5]);
  assert.deepEqual(df.column('attributed value').values, [30, 90]);
});

test('funnelGeneratorsFrame: one row per arm and generator, candidates per request', () => {
  const df = funnelGeneratorsFrame([arm('A', 200, 10, 8, 2), arm('B', 400, 30, 10, 5)]);
  assert.deepEqual(df.column('arm').values, ['A', 'A', 'B', 'B']);
  assert.deepEqual(df.column('generator').values, ['popularity', 'sequential', 'popularity', 'sequential']);
  assert.deepEqual(df.column('candidates per request').values, [4, 2, 4, 2]);
  assert.ok(!df.columns.includes('candidates') && !df.columns.includes('requests'));
});

test('liftsFrame: the chosen lifts in order, with their intervals', () => {
  const l = (e: number) => ({ estimate: e, lower: e / 2, upper: e * 2 });
  const lifts: AbLifts = {
    revenue: l(0.1),
    roas: l(0.2),
    ctr: l(0.3),
    value: l(0.4),
    expectedRevenue: l(0.5),
    expectedRoas: l(0.6),
  };
  assert.deepEqual(liftsFrame(lifts).column('metric').values, [
    'revenue',
    'ROAS',
    'CTR',
    'attributed value',
    'expected revenue',
    'expected ROAS',
  ]);
  const two = liftsFrame(lifts, ['ctr', 'expectedRoas']);
  assert.deepEqual(two.values, [
    ['CTR', 0.3, 0.15, 0.6],
    ['expected ROAS', 0.6, 0.3, 1.2],
  ]);
});
