import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LeaveOneOutSplit } from '../../../lib/data/types';
import {
  MARKOV_BACKOFFS,
  MARKOV_RECIPE,
  POPULARITY_RECIPE,
} from '../../../lib/experiments/amazon-games/baseline-recipes';
import type { GamesRecipeContext } from '../../../lib/experiments/amazon-games/recipe';
import type { NextItemMetrics, NextItemScorer } from '../../../lib/metrics/next-item';
import type { MarkovChainScorer } from '../../../lib/models/sequential/markov-chain';

const i32 = (a: number[]) => Int32Array.from(a);
const SPLIT: LeaveOneOutSplit = {
  numUsers: 2,
  numItems: 4,
  train: [i32([0, 1, 2]), i32([1, 2])],
  valid: i32([3, 3]),
  test: i32([1, 0]),
};

/** A context whose validation scores each Markov β by a made-up table, recording what it was asked. */
function context(ndcgOf: (backoff: number) => number): GamesRecipeContext & { asked: number[] } {
  const asked: number[] = [];
  const metrics = (ndcg: number): NextItemMetrics => ({
    k: 10,
    users: 2,
    sampled: { hr: 1, ndcg, negatives: 100, seed: 1 },
    full: { hr: 0, ndcg: 0 },
  });
  return {
    asked,
    seed: 1,
    budgetSeconds: 60,
    checkpointFile: '/nonexistent',
    log: () => {},
    member: () => assert.fail('a baseline has no members'),
    validate: async (scorer: NextItemScorer) => {
      const b = (scorer as MarkovChainScorer).backoff;
      asked.push(b);
      return metrics(ndcgOf(b));
    },
  };
}

test('the Markov recipe tries every β on validation and keeps the best (the first on a tie)', async () => {
  const ctx = context((b) => (b === 10 ? 0.5 : 0.2));
  const t = await MARKOV_RECIPE.train(SPLIT, ctx);
  assert.deepEqual(ctx.asked, [...MARKOV_BACKOFFS]);
  assert.equal((t.scorer as MarkovChainScorer).backoff, 10);
  assert.equal(t.validation?.sampled.ndcg, 0.5);
  assert.equal(t.epochs, 0);
  const tie = await MARKOV_RECIPE.train(
    SPLIT,
    context(() => 0.3),
  );
  assert.equal((tie.scorer as MarkovChainScorer).backoff, MARKOV_BACKOFFS[0]);
});

test('the popularity recipe scores by training counts and leaves validation to the runner', async () => {
  const t = await POPULARITY_RECIPE.train(
    SPLIT,
    context(() => 0),
  );
  assert.deepEqual(Array.from(await t.scorer.scoreAll([i32([3])])), [1, 2, 2, 0]);
  assert.equal(t.validation, undefined);
});
