import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { throwsOn } from './throws';
import { cac, roas, roasLift } from '../../lib/business/metrics';
import { conversionUplift } from '../../lib/business/uplift';

const close = (a: number, b: number, tol = 1e-9) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

describe('conversionUplift', () => {
  it('reproduces the 2.5% → 3.5% example on $10M by hand', () => {
    const u = conversionUplift({ baselineSales: 10_000_000, baselineRate: 0.025, newRate: 0.035 });
    assert.ok(close(u.salesAfter, 14_000_000));
    assert.ok(close(u.revenueUplift, 4_000_000));
    assert.ok(close(u.relativeUplift, 0.4));
    assert.ok(close(u.roasLift, 0.4));
    assert.ok(close(u.cacChange, -2 / 7)); // 0.025 / 0.035 − 1
    assert.equal(u.salesBefore, 10_000_000);
    assert.equal(u.baselineRate, 0.025);
    assert.equal(u.newRate, 0.035);
  });

  it('agrees with CAC and ROAS computed from explicit traffic, order value and spend', () => {
    // 400 000 clicks × 2.5% = 10 000 orders × $1 000 = $10M; spend $2.5M.
    const clicks = 400_000;
    const orderValue = 1_000;
    const spend = 2_500_000;
    const u = conversionUplift({ baselineSales: clicks * 0.025 * orderValue, baselineRate: 0.025, newRate: 0.035 });
    const roasBefore = roas({ attributedValue: clicks * 0.025 * orderValue, spend });
    const roasAfter = roas({ attributedValue: clicks * 0.035 * orderValue, spend });
    assert.ok(close(roasBefore, 4));
    assert.ok(close(roasAfter, 5.6));
    assert.ok(close(u.roasLift, roasLift({ roasBefore, roasAfter })));
    const cacBefore = cac({ spend, newCustomers: clicks * 0.025 });
    const cacAfter = cac({ spend, newCustomers: clicks * 0.035 });
    assert.ok(close(cacBefore, 250));
    assert.ok(close(u.cacChange, cacAfter / cacBefore - 1));
  });

  it('scales sales by the rate ratio and leaves them unchanged at equal rates', () => {
    // Hand-computed: USD 10M at 2.5 % conversion, rising to 3.5 %: sales 14M, uplift 4M (+40 %).
    const u = conversionUplift({ baselineSales: 10e6, baselineRate: 0.025, newRate: 0.035 });
    assert.ok(close(u.salesAfter, 14e6) && close(u.revenueUplift, 4e6) && close(u.relativeUplift, 0.4));
    // Halving the rate halves sales: uplift −5M.
    assert.ok(close(conversionUplift({ baselineSales: 10e6, baselineRate: 0.02, newRate: 0.01 }).revenueUplift, -5e6));
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e9, noNaN: true }),
        fc.double({ min: 1e-4, max: 1, noNaN: true }),
        fc.double({ min: 1e-4, max: 1, noNaN: true }),
        (sales, r0, r1) => {
          const u = conversionUplift({ baselineSales: sales, baselineRate: r0, newRate: r1 });
          const doubled = conversionUplift({ baselineSales: 2 * sales, baselineRate: r0, newRate: r1 });
          const same = conversionUplift({ baselineSales: sales, baselineRate: r0, newRate: r0 });
          // The uplift has the sign of the rate change, is linear in sales, and is 0 at equal rates.
          const signOk = Math.abs(r1 - r0) < 1e-9 * r0 || Math.sign(u.revenueUplift) === Math.sign(r1 - r0);
          return signOk && close(doubled.revenueUplift, 2 * u.revenueUplift, 1e-9) && same.revenueUplift === 0;
        },
      ),
    );
  });

  it('rejects negative sales and rates outside (0, 1]', () => {
    throwsOn('baselineSales', () => conversionUplift({ baselineSales: -1, baselineRate: 0.1, newRate: 0.2 }));
    throwsOn('baselineRate', () => conversionUplift({ baselineSales: 1, baselineRate: 0, newRate: 0.2 }));
    throwsOn('baselineRate', () => conversionUplift({ baselineSales: 1, baselineRate: NaN, newRate: 0.2 }));
    throwsOn('newRate', () => conversionUplift({ baselineSales: 1, baselineRate: 0.1, newRate: 1.5 }));
    throwsOn('newRate', () => conversionUplift({ baselineSales: 1, baselineRate: 0.1, newRate: -0.2 }));
  });
});
