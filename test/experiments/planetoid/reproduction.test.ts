import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPlanetoid } from '../../../lib/data/datasets/planetoid';
import { gatNodeClassification } from '../../../lib/experiments/planetoid/reproduction';
import { chooseBackend } from '../../../lib/tf';

// The full reproduction (10 seeds, plus link prediction) is `npm run repro:cora`; two seeds keep
// this test to a few minutes while still checking the paper-level accuracy.
test('GAT on Cora (Planetoid split) reaches the published accuracy: mean test accuracy ≥ 81.5 % over 2 seeds', async (t) => {
  const { data, reason } = loadPlanetoid('cora');
  if (!data) return t.skip(reason);
  await chooseBackend({ log: () => {} });
  const r = await gatNodeClassification(data, [0, 1]);
  t.diagnostic(`test accuracy ${r.values.map((v) => (100 * v).toFixed(1)).join(', ')} %`);
  assert.ok(r.mean >= 0.815, `mean test accuracy ${(100 * r.mean).toFixed(2)} %`);
  for (const run of r.runs) assert.ok(run.bestEpoch >= 1 && run.bestEpoch <= run.epochs);
});
