import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sasrecRecipe, SASREC_RECIPES } from '../../../lib/experiments/amazon-games/sasrec-recipes';
import { GAMES_RECIPES } from '../../../lib/experiments/amazon-games/recipes';
import { evaluateNextItem, type NextItemMetrics } from '../../../lib/metrics/next-item';
import { chooseBackend } from '../../../lib/tf/backend';
import { cycleSplit } from '../../support/cycle-split';

before(async () => {
  await chooseBackend({ log: () => {} });
});

test('a SASRec recipe validates every evalEvery epochs and returns its best validated state, never reading test', async () => {
  const { split, valid } = cycleSplit();
  const seen: NextItemMetrics[] = [];
  const recipe = sasrecRecipe('t', 'tiny', {
    loss: 'sampled-softmax',
    maxLen: 10,
    dModel: 16,
    dropout: 0.1,
    batch: 16,
    lr: 0.01,
    negatives: 8,
    maxEpochs: 12,
    evalEvery: 3,
    patience: 10,
  });
  const trained = await recipe.train(split, {
    seed: 2,
    budgetSeconds: 600,
    checkpointFile: '',
    validate: async (scorer) => {
      const m = await evaluateNextItem(scorer, valid, { stage: 'valid', seed: 5 });
      seen.push(m);
      return m;
    },
    log: () => {},
    member: () => assert.fail('a SASRec recipe has no members'),
  });
  assert.equal(trained.epochs, 12);
  assert.equal(seen.length, 4);
  const best = seen.reduce((a, m) => (m.sampled.ndcg > a.sampled.ndcg ? m : a));
  assert.deepEqual(trained.validation, best);
  // The scorer is in that state: validating it again gives the kept numbers.
  assert.deepEqual(await evaluateNextItem(trained.scorer, valid, { stage: 'valid', seed: 5 }), best);
  assert.ok(best.full.hr > 0.5, `validation full HR@10 ${best.full.hr}`);
});

test('repro:games knows the SASRec recipes', () => {
  for (const r of SASREC_RECIPES) assert.ok(GAMES_RECIPES.includes(r), r.name);
  assert.deepEqual(
    SASREC_RECIPES.map((r) => r.name),
    [
      'sasrec-ssm',
      'sasrec-bce',
      'sasrec-ssm-reg',
      'sasrec-official',
      'sasrec-ssm-official',
      'sasrec-ce-official',
      'sasrec-pre-ln',
      'sasrec-blend',
      'sasrec-ssm2048-official',
      'sasrec-blend-ssm2048',
    ],
  );
});
