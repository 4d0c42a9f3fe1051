import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expectRenderedReport, runNotebook } from '../support/notebook';
import { generateWorld } from '../../lib/data/world/generate';
import { splitFromPairs } from '../../lib/data/datasets/gowalla';
import { findRealDataset } from '../../lib/io/paths';
import { temporalLinkSplit } from '../../lib/graph/split';


describe('notebook 06 · PinSage and graph collaborative filtering', () => {
  // A 5 % world and short training keep the run short; assertions check consistency, not quality.
  // Gowalla MF-BPR gets 3 s of training (≥ 1 epoch) and one full evaluation.
  const params = {
    SEED: 7, SCALE: 0.05, WALK_STEPS: 200, MF_EPOCHS: 8, PINSAGE_EPOCHS: 2, PINSAGE_BATCH: 1024, BOOTSTRAP: 100, GAT_EPOCHS: 30, GOWALLA_MINUTES: 0.05,
  };
  // An empty cache, as in a fresh clone: the GAT and the Gowalla run are trained by the notebook,
  // and nothing is written into (or read from) the project's data/cache.
  const saved = process.env.PINLAB_CACHE_DIR;
  process.env.PINLAB_CACHE_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-nb06-cache-'));
  const run = runNotebook('06-pinsage-gowalla', params, { timeoutSeconds: 1500 });
  after(() => {
    if (saved === undefined) delete process.env.PINLAB_CACHE_DIR;
    else process.env.PINLAB_CACHE_DIR = saved;
  });
  const m = run.metrics as Record<string, number | string | boolean>;
  const num = (k: string) => m[k] as number;

  it('runs without a failing cell', () => {
    assert.equal(run.status, 'ok', `${run.error}\n${run.output}`);
  });

  it('exports a report whose charts render offline', async () => {
    await expectRenderedReport(run, 3);
  });

  it('records the split the library builds for the same seed and scale', () => {
    const world = generateWorld({ seed: 7, scale: 0.05 });
    const link = temporalLinkSplit(world, { pool: 'all', seed: 7 });
    const split = splitFromPairs(world.users.count, world.items.count, link.train, link.test);
    assert.equal(m.users, 500);
    assert.equal(m.items, 2500);
    assert.equal(m.train_pairs, split.train.ids.length);
    assert.equal(m.test_pairs, split.test.ids.length);
  });

  it('records metrics in range, with MF-BPR, PinSage and the GAT far above chance on the same split', () => {
    for (const k of ['mf', 'pinsage', 'gat'].flatMap((x) => [`${x}_recall20`, `${x}_ndcg20`, `${x}_auc`]).concat(['neighbour_own_share', 'neighbour_main_interest_share'])) {
      assert.ok(num(k) >= 0 && num(k) <= 1, `${k} = ${m[k]}`);
    }
    // A random ranking finds about K / items of the test items: 20 / 2 500.
    assert.ok(num('mf_recall20') > 5 * (20 / 2500), `MF Recall@20 ${m.mf_recall20}`);
    assert.ok(num('pinsage_recall20') > 3 * (20 / 2500), `PinSage Recall@20 ${m.pinsage_recall20}`);
    assert.ok(num('gat_recall20') > 3 * (20 / 2500), `GAT Recall@20 ${m.gat_recall20}`);
    assert.ok(num('mf_auc') > 0.6 && num('pinsage_auc') > 0.6 && num('gat_auc') > 0.6, `AUC ${m.mf_auc} / ${m.pinsage_auc} / ${m.gat_auc}`);
    // The GAT trained here (empty cache) within its epoch cap, its best epoch among those run.
    assert.equal(m.gat_cached, false);
    assert.ok(num('gat_epochs_run') >= 1 && num('gat_epochs_run') <= 30 && num('gat_best_epoch') <= num('gat_epochs_run'));
    // PinSage kept an epoch it ran, chosen on the validation window, within its cap.
    assert.ok(num('pinsage_epochs_run') >= 1 && num('pinsage_epochs_run') <= 2, `${m.pinsage_epochs_run} PinSage epochs`);
    assert.ok(num('pinsage_best_epoch') >= 1 && num('pinsage_best_epoch') <= num('pinsage_epochs_run'), `kept epoch ${m.pinsage_best_epoch}`);
    // Importance neighbours concentrate in the user's main interest far beyond one category's share.
    assert.ok(num('neighbour_main_interest_share') > 0.3);
  });

  it('trains and records Gowalla MF-BPR within the short budget when the data is present, else says why it skipped', (t) => {
    const found = findRealDataset('gowalla');
    if (found.dir === null) {
      assert.match(String(m.gowalla_skipped), /gowalla/);
      assert.equal(m.gowalla_models, 0);
      return t.skip(found.reason);
    }
    assert.equal(m.gowalla_skipped, '');
    assert.equal(m.gowalla_models, 1);
    assert.equal(m.gowalla_mf_budget_minutes, 0.05);
    assert.ok(num('gowalla_mf_epochs') >= 1, `${m.gowalla_mf_epochs} epochs`);
    // One epoch (the budget is checked before each) may overshoot 3 s, not by minutes.
    assert.ok(num('gowalla_mf_train_minutes') >= 0.05 && num('gowalla_mf_train_minutes') < 1);
    // Even one or two epochs of MF-BPR rank far above chance (20 of 40 981 items).
    assert.ok(num('gowalla_mf_recall20') > 10 * (20 / 40981) && num('gowalla_mf_recall20') < 0.2, `Recall@20 ${m.gowalla_mf_recall20}`);
    assert.ok(num('gowalla_mf_ndcg20') > 0 && num('gowalla_mf_ndcg20') < 0.2);
  });
});
