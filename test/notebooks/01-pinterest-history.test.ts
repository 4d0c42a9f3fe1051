import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runNotebook } from '../support/notebook';
import { itRunsAndRendersReport } from '../support/notebook-checks';
import { adRevenuePoints, conversionUplift, factValue, loadBusinessFacts, loadFunnel, loadRankingModels, loadTimeline } from '../../lib/business';

// The report check keeps one browser open across checks; close it or the test process never exits.

describe('notebook 01 · Pinterest history and the ads business', () => {
  // A short sweep is enough: the assertions below check the library's numbers, not the chart.
  const run = runNotebook('01-pinterest-history', { SWEEP_STEPS: 5 });

  itRunsAndRendersReport(run, 8);

  it('records the fact counts and ad revenue points of data/pinterest', () => {
    const m = run.metrics;
    const revenue = adRevenuePoints(loadTimeline());
    const funnel = loadFunnel();
    assert.equal(m.timeline_events, loadTimeline().length);
    assert.equal(m.ad_revenue_ipo_usd, 1.2e9);
    assert.equal(m.ad_revenue_latest_usd, 4.2e9);
    assert.equal(m.ad_revenue_multiple, revenue[1].value / revenue[0].value);
    assert.equal(m.funnel_stages, 4);
    assert.equal(m.retrieval_keep_share, funnel[0].candidates_out! / funnel[0].candidates_in!);
    assert.equal(m.ranking_eras, loadRankingModels().length);
    assert.equal(m.sweep_points, 5);
  });

  it("records the library's conversion-uplift numbers for 2.5% → 3.5% on $10M", () => {
    const facts = loadBusinessFacts();
    const baselineRate = factValue(facts, 'conversion_rate_before');
    const u = conversionUplift({ baselineSales: factValue(facts, 'ad_driven_sales'), baselineRate, newRate: factValue(facts, 'conversion_rate_after') });
    const m = run.metrics;
    assert.equal(m.conversion_rate_before, 0.025);
    assert.equal(m.conversion_rate_after, 0.035);
    assert.equal(m.sales_before_usd, u.salesBefore);
    assert.equal(m.sales_after_usd, u.salesAfter);
    assert.equal(m.revenue_uplift_usd, u.revenueUplift);
    assert.equal(m.relative_uplift, u.relativeUplift);
    assert.equal(m.roas_lift, u.roasLift);
    assert.equal(m.cac_change, u.cacChange);
    assert.ok(Math.abs((m.revenue_uplift_usd as number) - 4e6) < 1e-6);
    const measured = conversionUplift({
      baselineSales: u.salesBefore,
      baselineRate,
      newRate: baselineRate * (1 + factValue(facts, 'roas_lift_contextual_two_tower')),
    });
    assert.equal(m.measured_roas_lift_equivalent_usd, measured.revenueUplift);
    assert.ok(Math.abs((m.measured_roas_lift_equivalent_usd as number) - 70_000) < 1e-6);
  });
});
