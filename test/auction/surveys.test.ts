import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eosEquilibriumSurvey, truthfulnessSurvey } from '../../lib/auction/surveys';
import { PinlabInputError } from '../../lib/errors';
import { Rng } from '../../lib/random/rng';

test('truthfulnessSurvey: VCG is truthful in every game, GSP is not (the EOS values as one game)', () => {
  // One "random" game whose draws are EOS's values scaled to [0, 1): 10, 4 and 2 per click → 0.5, 0.2, 0.1,
  // two slots receiving 200 and 199 clicks. Advertiser 1 gains by dropping to the second slot.
  const eos = {
    next: (() => {
      const v = [0.5, 0.2, 0.1];
      let i = 0;
      return () => v[i++];
    })(),
  } as unknown as Rng;
  const one = truthfulnessSurvey(eos, 1, 3, [200, 199]);
  assert.equal(one.gspGamesWithDeviation, 1);
  assert.equal(one.vcgGamesWithDeviation, 0);
  // Truthful: (0.5 − 0.2) × 200 = 60; second slot at 0.1: (0.5 − 0.1) × 199 = 79.6.
  assert.ok(Math.abs(one.largestGspGain - 19.6) < 1e-9, `gain ${one.largestGspGain}`);
  const many = truthfulnessSurvey(new Rng(3), 40, 6, [1, 0.7, 0.5]);
  assert.equal(many.vcgGamesWithDeviation, 0);
  assert.ok(many.gspGamesWithDeviation > 0 && many.gspGamesWithDeviation <= 40);
  assert.throws(() => truthfulnessSurvey(new Rng(3), 0, 6, [1]), PinlabInputError);
});

test('eosEquilibriumSurvey: at the envy-free equilibrium GSP earns VCG revenue and nobody deviates', () => {
  const s = eosEquilibriumSurvey(new Rng(5), 30, 5, [1, 0.6, 0.3]);
  assert.equal(s.games, 30);
  assert.ok(s.maxRevenueGap < 1e-9, `gap ${s.maxRevenueGap}`);
  assert.equal(s.gamesWithDeviation, 0);
});
