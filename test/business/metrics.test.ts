import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { throwsOn } from './throws';
import { cac, clv, roas, roasLift } from '../../lib/business/metrics';

describe('cac', () => {
  it('divides spend by acquired customers', () => {
    assert.equal(cac({ spend: 50_000, newCustomers: 400 }), 125);
    assert.equal(cac({ spend: 0, newCustomers: 3 }), 0);
  });
  it('rejects negative or non-finite spend and non-positive customer counts', () => {
    throwsOn('spend', () => cac({ spend: -1, newCustomers: 1 }));
    throwsOn('spend', () => cac({ spend: NaN, newCustomers: 1 }));
    throwsOn('newCustomers', () => cac({ spend: 1, newCustomers: 0 }));
    throwsOn('newCustomers', () => cac({ spend: 1, newCustomers: Infinity }));
  });
});

describe('clv', () => {
  it('is margin times expected lifetime without discounting', () => {
    // 40 per period, 75% retention: expected lifetime 1 / 0.25 = 4 periods.
    assert.equal(clv({ marginPerPeriod: 40, retentionRate: 0.75 }), 160);
    assert.equal(clv({ marginPerPeriod: 40, retentionRate: 0 }), 40);
  });
  it('discounts later periods', () => {
    // 40 · 1.1 / (1.1 − 0.75) = 44 / 0.35
    assert.ok(
      Math.abs(clv({ marginPerPeriod: 40, retentionRate: 0.75, discountRate: 0.1 }) - 125.71428571428571) < 1e-9,
    );
  });
  it('equals the explicit sum of discounted, retention-weighted margins', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1000, noNaN: true }),
        fc.double({ min: 0, max: 0.9, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        (m, r, d) => {
          let sum = 0;
          for (let t = 0; t < 400; t++) sum += m * (r / (1 + d)) ** t;
          const closed = clv({ marginPerPeriod: m, retentionRate: r, discountRate: d });
          return Math.abs(closed - sum) <= 1e-9 * Math.max(1, sum);
        },
      ),
    );
  });
  it('rejects bad margin, retention and discount', () => {
    throwsOn('marginPerPeriod', () => clv({ marginPerPeriod: NaN, retentionRate: 0.5 }));
    throwsOn('retentionRate', () => clv({ marginPerPeriod: 1, retentionRate: 1 }));
    throwsOn('retentionRate', () => clv({ marginPerPeriod: 1, retentionRate: -0.1 }));
    throwsOn('discountRate', () => clv({ marginPerPeriod: 1, retentionRate: 0.5, discountRate: -0.01 }));
  });
});

describe('roas', () => {
  it('divides attributed conversion value by spend', () => {
    assert.equal(roas({ attributedValue: 10_000_000, spend: 2_500_000 }), 4);
  });
  it('rejects negative value and non-positive spend', () => {
    throwsOn('attributedValue', () => roas({ attributedValue: -5, spend: 1 }));
    throwsOn('spend', () => roas({ attributedValue: 5, spend: 0 }));
    throwsOn('spend', () => roas({ attributedValue: 5, spend: NaN }));
  });
});

describe('roasLift', () => {
  it('is the ratio of ROAS minus one', () => {
    assert.ok(Math.abs(roasLift({ roasBefore: 4, roasAfter: 4.028 }) - 0.007) < 1e-12);
    assert.equal(roasLift({ roasBefore: 5, roasAfter: 4 }), -0.19999999999999996);
    assert.equal(roasLift({ roasBefore: 2, roasAfter: 2 }), 0);
  });
  it('rejects a non-positive baseline and a negative treatment', () => {
    throwsOn('roasBefore', () => roasLift({ roasBefore: 0, roasAfter: 1 }));
    throwsOn('roasAfter', () => roasLift({ roasBefore: 1, roasAfter: -1 }));
  });
});
