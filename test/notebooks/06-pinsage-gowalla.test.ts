import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectRenderedReport, runNotebook } from '../support/notebook';
import { generateWorld } from '../../lib/data/generate';
import { splitFromPairs } from '../../lib/data/gowalla';
import { temporalLinkSplit } from '../../lib/graph/split';


describe('notebook 06 · PinSage and graph collaborative filtering', () => {
  // A 5 % world and short training keep the run short; assertions check consistency, not quality.
  const params = { SEED: 7, SCALE: 0.05, WALK_STEPS: 200, MF_EPOCHS: 8, PINSAGE_EPOCHS: 2, PINSAGE_BATCH: 1024, BOOTSTRAP: 100 };
  const run = runNotebook('06-pinsage-gowalla', params, { timeoutSeconds: 1500 });

  it('runs without a failing cell', () => {
    assert.equal(run.status, 'ok', `${run.error}\n${run.output}`);
  });

  it('exports a report whose charts render offline', async () => {
    await expectRenderedReport(run, 2);
  });

  it('records the split the library builds for the same seed and scale', () => {
    const world = generateWorld({ seed: 7, scale: 0.05 });
    const link = temporalLinkSplit(world, { pool: 'all', seed: 7 });
    const split = splitFromPairs(world.users.count, world.items.count, link.train, link.test);
    const m = run.metrics as Record<string, number>;
    assert.equal(m.users, 500);
    assert.equal(m.items, 2500);
    assert.equal(m.train_pairs, split.train.ids.length);
    assert.equal(m.test_pairs, split.test.ids.length);
  });

  it('records metrics in range, with both models far above chance', () => {
    const m = run.metrics as Record<string, number>;
    for (const k of ['mf_recall20', 'mf_ndcg20', 'pinsage_recall20', 'pinsage_ndcg20', 'neighbour_own_share', 'neighbour_main_interest_share']) {
      assert.ok(m[k] >= 0 && m[k] <= 1, `${k} = ${m[k]}`);
    }
    // A random ranking finds about K / items of the test items: 20 / 2 500.
    assert.ok(m.mf_recall20 > 5 * (20 / 2500), `MF Recall@20 ${m.mf_recall20}`);
    assert.ok(m.pinsage_recall20 > 3 * (20 / 2500), `PinSage Recall@20 ${m.pinsage_recall20}`);
    assert.ok(m.mf_auc > 0.6 && m.pinsage_auc > 0.6, `AUC ${m.mf_auc} / ${m.pinsage_auc}`);
    // Importance neighbours concentrate in the user's main interest far beyond one category's share.
    assert.ok(m.neighbour_main_interest_share > 0.3);
  });
});
