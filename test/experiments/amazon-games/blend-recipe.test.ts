import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PinlabInputError } from '../../../lib/errors';
import { blendRecipe } from '../../../lib/experiments/amazon-games/blend-recipe';
import type { GamesRecipeContext, GamesTrained } from '../../../lib/experiments/amazon-games/recipe';
import { sasrecRecipe } from '../../../lib/experiments/amazon-games/sasrec-recipes';
import { evaluateNextItem, type NextItemMetrics } from '../../../lib/metrics/next-item';
import { ScoreBlend } from '../../../lib/models/sequential/score-blend';
import { chooseBackend } from '../../../lib/tf/backend';
import { cycleSplit } from '../../support/cycle-split';
import { tempDir } from '../../support/data-fixture';

before(async () => {
  await chooseBackend({ log: () => {} });
});

const TINY = { maxLen: 10, dModel: 16, dropout: 0.1, batch: 16, lr: 0.01, maxEpochs: 6, evalEvery: 3, patience: 10 };
const softmax = sasrecRecipe('a', 'tiny sampled softmax', { ...TINY, loss: 'sampled-softmax', negatives: 8 });
const bce = sasrecRecipe('b', 'tiny BCE', { ...TINY, loss: 'bce' });

test('a blend loads its trained members, picks λ by validation alone and trains nothing', async () => {
  const { split, valid } = cycleSplit();
  const dir = tempDir();
  const validate = (scorer: ScoreBlend | GamesTrained['scorer']) =>
    evaluateNextItem(scorer, valid, { stage: 'valid', seed: 4 });
  const ctx = (checkpointFile: string): GamesRecipeContext => ({
    seed: 4,
    budgetSeconds: 600,
    checkpointFile,
    validate,
    log: () => {},
    member: (name) => ({ checkpointFile: path.join(dir, `${name}.ckpt`), budgetSeconds: 600 }),
  });
  const members = [
    await softmax.train(split, ctx(path.join(dir, 'a.ckpt'))),
    await bce.train(split, ctx(path.join(dir, 'b.ckpt'))),
  ];
  const bytes = ['a', 'b'].map((m) => fs.readFileSync(path.join(dir, `${m}.ckpt`)));
  const weights = [0.25, 1, 4];
  const blended = await blendRecipe('ab', 'a + λ b', [softmax, bce], weights).train(
    split,
    ctx(path.join(dir, 'ab.ckpt')),
  );
  // The same numbers as blending the members by hand, λ by λ, and the best of them kept.
  const byHand: NextItemMetrics[] = [];
  for (const w of weights)
    byHand.push(
      await validate(
        new ScoreBlend(
          members.map((m) => m.scorer),
          [1, w],
        ),
      ),
    );
  const best = byHand.reduce((b, m, i) => (m.sampled.ndcg > byHand[b].sampled.ndcg ? i : b), 0);
  assert.deepEqual(blended.validation, byHand[best]);
  assert.deepEqual((blended.scorer as ScoreBlend).weights, [1, weights[best]]);
  assert.match(blended.chosen!, new RegExp(`^λ = ${weights[best]} \\(validation NDCG@10`));
  // Members trained apart: epochs add up, time is the longer one (side by side), checkpoints untouched.
  assert.equal(blended.epochs, members[0].epochs + members[1].epochs);
  assert.equal(blended.trainSeconds, Math.max(members[0].trainSeconds, members[1].trainSeconds));
  assert.deepEqual(
    blended.members!.map((m) => m.recipe),
    ['a', 'b'],
  );
  ['a', 'b'].forEach((m, i) => assert.ok(fs.readFileSync(path.join(dir, `${m}.ckpt`)).equals(bytes[i]), m));
});

test('a blend refuses members without a checkpoint, and an empty λ grid', async () => {
  const { split } = cycleSplit();
  const dir = tempDir();
  const ctx: GamesRecipeContext = {
    seed: 4,
    budgetSeconds: 600,
    checkpointFile: path.join(dir, 'ab.ckpt'),
    validate: () => assert.fail('nothing to validate'),
    log: () => {},
    member: (name) => ({ checkpointFile: path.join(dir, `${name}.ckpt`), budgetSeconds: 600 }),
  };
  await assert.rejects(
    blendRecipe('ab', 'a + λ b', [softmax, bce], [1]).train(split, ctx),
    (e: unknown) => e instanceof PinlabInputError && e.field === 'models' && /needs a's checkpoint/.test(e.message),
  );
  assert.throws(
    () => blendRecipe('ab', 'a + λ b', [softmax, bce], []),
    (e: unknown) => e instanceof PinlabInputError && e.field === 'weights',
  );
});
