import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateWorld } from '../../../lib/data/world/generate';
import { rocAuc } from '../../../lib/metrics/classification';
import { PctrMlp } from '../../../lib/models/ranking/pctr-mlp';
import { trainRanker } from '../../../lib/models/ranking/ranker';
import { Rng } from '../../../lib/random/rng';
import { centralDifferences } from '../../support/finite-differences';

describe('PctrMlp', () => {
  it('has the gradient of its mean log loss (central finite differences)', () => {
    const rng = new Rng(3);
    const F = 5,
      N = 7;
    const mlp = new PctrMlp(F, 4, rng);
    const x = Float32Array.from({ length: N * F }, () => rng.normal());
    const y = Float64Array.from({ length: N }, (_, i) => i % 2);
    const rows = [0, 2, 3, 5, 6];
    mlp.lossAndGrad(x, y, rows);
    const analytic = Float64Array.from(mlp.grad);
    const h = 1e-2;
    const numeric = centralDifferences(mlp.params, h, () => mlp.lossAndGrad(x, y, rows));
    const worst = numeric.reduce((w, d, k) => Math.max(w, Math.abs(d - analytic[k])), 0);
    assert.ok(worst < 2e-3, `max |numeric − analytic| = ${worst}`);
  });
});

describe('trainRanker', () => {
  const world = generateWorld({ scale: 0.03, seed: 4 });
  const H = world.horizon;
  const { ranker, diagnostics } = trainRanker(world, { seed: 1, statsEnd: 0.4 * H, logEnd: 0.75 * H, epochs: 3 });

  it('lowers its training loss and is calibrated on held-out impressions', () => {
    const c = diagnostics.lossCurve;
    assert.ok(c[c.length - 1] < c[0], c.join(' '));
    assert.ok(diagnostics.calibrated.ece < 0.06, `ECE ${diagnostics.calibrated.ece}`);
    assert.ok(Math.abs(diagnostics.calibrated.predictedOverObserved - 1) < 0.15);
    assert.equal(diagnostics.trainRows + diagnostics.calibrationRows + diagnostics.evaluationRows > 100, true);
  });

  it('ranks later impressions better than chance, below the Bayes-optimal score', () => {
    const { interactions: x, items, sessions } = world;
    const pred: number[] = [];
    const labels: number[] = [];
    const truth: number[] = [];
    const out = new Float64Array(1);
    for (let r = 0; r < x.count; r++) {
      if (!items.isAd[x.item[r]] || x.time[r] < 0.75 * H) continue;
      const q = { user: x.user[r], time: x.time[r], contextItem: sessions.contextItem[x.session[r]] };
      ranker.predict(q, Int32Array.of(items.adIndex[x.item[r]]), 1, out);
      assert.ok(out[0] > 0 && out[0] <= 1);
      pred.push(out[0]);
      labels.push(x.outcome[r] ? 1 : 0);
      truth.push(x.pEngage[r]);
    }
    const auc = rocAuc(pred, labels);
    const bayes = rocAuc(truth, labels);
    assert.ok(auc > 0.6, `AUC ${auc}`);
    assert.ok(auc < bayes + 0.02, `AUC ${auc} vs Bayes ${bayes}`);
  });

  it('rejects an empty training window', () => {
    assert.throws(() => trainRanker(world, { seed: 1, statsEnd: H, logEnd: H }), /logEnd/);
  });
});
