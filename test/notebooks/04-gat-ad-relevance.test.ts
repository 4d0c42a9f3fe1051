import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectRenderedReport, runNotebook } from '../support/notebook';
import { generateWorld } from '../../lib/data/world/generate';
import { temporalLinkSplit } from '../../lib/graph/split';
import { rocAuc } from '../../lib/metrics/classification';
import { expectedOracleAuc } from '../../lib/data/world/bayes';
import { trainAdRelevance } from '../../lib/experiments/ad-relevance/run';
import { chooseBackend } from '../../lib/tf';


describe('notebook 04 · graph attention for ad relevance', () => {
  // A 5 % world and a few epochs keep the run short; the library recomputes the same numbers.
  const params = { SEED: 7, SCALE: 0.05, EPOCHS: 6, PATIENCE: 3 };
  const run = runNotebook('04-gat-ad-relevance', params);
  const world = generateWorld({ seed: 7, scale: 0.05 });
  const split = temporalLinkSplit(world, { seed: 7 });

  it('runs without a failing cell', () => {
    assert.equal(run.status, 'ok', `${run.error}\n${run.output}`);
  });

  it('exports a report whose charts render offline', async () => {
    await expectRenderedReport(run, 3);
  });

  it('records the Bayes-optimal AUCs of the split the library builds', () => {
    assert.equal(run.metrics.test_pairs, split.test.count);
    assert.equal(run.metrics.oracle_auc_realised, rocAuc(split.test.pTrue, split.test.label));
    assert.equal(run.metrics.oracle_auc_expected, expectedOracleAuc(split.test.pTrue));
    assert.equal(run.metrics.reference_auc, 0.6428);
  });

  it('records the test AUC the library reproduces from the same seed', async () => {
    await chooseBackend({ log: () => {} });
    const { result } = await trainAdRelevance(world, split, { kind: 'gat', recency: true, heads: 1, seed: 7, maxEpochs: 6, patience: 3 });
    assert.ok(Math.abs(Number(run.metrics.test_auc) - result.testAuc!) < 1e-9, `${run.metrics.test_auc} vs ${result.testAuc}`);
    assert.equal(run.metrics.best_epoch, result.bestEpoch);
    // The gap is measured against the realised Bayes-optimal AUC (the ceiling on sampled link pairs).
    assert.ok(Math.abs(Number(run.metrics.gap_to_oracle) - (rocAuc(split.test.pTrue, split.test.label) - result.testAuc!)) < 1e-9);
    for (const k of ['test_auc', 'auc_gat_no_recency', 'auc_mean_gcn', 'auc_no_graph']) {
      const v = Number(run.metrics[k]);
      assert.ok(v > 0.4 && v <= 1, `${k} = ${v}`);
    }
  });

  it("ranks the demo user's ads with eCPM = 1000 × bid × P(click)", () => {
    const ad = Number(run.metrics.demo_top_ad);
    assert.ok(Number.isInteger(ad) && ad >= 0 && ad < 10);
    const p = Number(run.metrics.demo_top_p);
    assert.ok(p > 0 && p < 1);
    assert.ok(Math.abs(Number(run.metrics.demo_top_ecpm) - 1000 * world.ads.bid[ad] * p) < 0.01 + 1000 * world.ads.bid[ad] * 5e-5);
  });
});
