import { test } from 'node:test';
import assert from 'node:assert/strict';
import { throwsInput } from '../support/throws-input';
import {
  expectedRevenue,
  firstPriceBidFunction,
  myersonReserve,
  positionAuction,
  uniformValues,
  virtualValue,
  type ValueDistribution,
} from '../../lib/auction';

test('bids that overflow revenue are a typed error, not Infinity', () => {
  for (const mechanism of ['gsp', 'vcg'] as const) {
    throwsInput(
      () => positionAuction({ mechanism, bids: [1.7e308, 1.7e308, 1.7e308], slotCtrs: [1, 1] }),
      'bids',
      /overflow/,
    );
  }
  // One such price alone is representable.
  assert.equal(positionAuction({ mechanism: 'gsp', bids: [1.7e308, 1.7e308], slotCtrs: [1] }).revenue, 1.7e308);
});

test('a distribution whose cdf or pdf returns NaN (or leaves its range) is named, never turned into a finite number', () => {
  const U = uniformValues(0, 1);
  const broken = (patch: Partial<ValueDistribution>): ValueDistribution => ({ ...U, name: 'broken', ...patch });
  const nanCdf = broken({ cdf: (v) => (v > 0.3 ? Number.NaN : v) });
  throwsInput(() => myersonReserve(nanCdf), 'dist.cdf', /broken: cdf\(.*\) = NaN/);
  throwsInput(() => expectedRevenue({ dist: nanCdf, bidders: 2 }), 'dist.cdf', /NaN/);
  throwsInput(() => firstPriceBidFunction({ dist: nanCdf, bidders: 2 }), 'dist.cdf', /NaN/);
  throwsInput(() => myersonReserve(broken({ pdf: () => Number.NaN })), 'dist.pdf', /NaN/);
  throwsInput(() => virtualValue(broken({ pdf: () => -1 }), 0.5), 'dist.pdf', /-1/);
  throwsInput(() => expectedRevenue({ dist: broken({ cdf: () => 1.2 }), bidders: 2 }), 'dist.cdf', /in \[0, 1\]/);
  throwsInput(() => myersonReserve(broken({ upper: Number.NaN })), 'dist.upper', /> lower/);
});

test("virtualValue's documented answers where f(v) = 0: −Infinity below the support, NaN above it", () => {
  const U = uniformValues(0, 1);
  assert.equal(virtualValue(U, -0.5), -Infinity);
  assert.ok(Number.isNaN(virtualValue(U, 1.5)));
  assert.ok(Math.abs(virtualValue(U, 0.8) - 0.6) < 1e-15);
});
