import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contextualClaims, verdict, type ContextualClaimInputs } from '../../lib/sim/reference-claims';
import { PinlabInputError } from '../../lib/errors';

const lift = (estimate: number, lower: number, upper: number) => ({ estimate, lower, upper });

test('verdict: in range, then sign and significance', () => {
  assert.equal(verdict(true, true, true), 'reproduces');
  assert.equal(verdict(false, true, true), 'direction only');
  assert.equal(verdict(false, true, false), 'direction only, not significant');
  assert.equal(verdict(false, false, true), 'does not reproduce');
});

/** Every published claim met: lifts 3.5× and 8×, relevance +280 %, 2× impressions from 0.5 %, expected ROAS +0.5 % [0.1, 0.9]. */
const published: ContextualClaimInputs = {
  recallLifts: [lift(3.5, 3.1, 3.9), lift(8, 7, 9)],
  ks: [10, 50],
  relevanceLift: 2.8,
  impressionsControl: 10,
  impressionsTreatment: 20,
  impressionShareControl: 0.005,
  roas: lift(0.006, -0.01, 0.02),
  expectedRoas: lift(0.005, 0.001, 0.009),
};

test('contextualClaims: every claim reproduces on the published figures', () => {
  const claims = contextualClaims(published);
  assert.deepEqual(
    claims.map((c) => c.id),
    ['recall', 'relevance', 'impressions', 'impression_share', 'roas'],
  );
  assert.deepEqual(
    claims.map((c) => c.verdict),
    new Array(5).fill('reproduces'),
  );
  assert.equal(claims[0].ours, '3.50× – 8.00× over K = 10, 50');
  assert.equal(claims[2].ours, '2.00× (10 → 20)');
});

test('contextualClaims: smaller effects of the right sign are "direction only", opposite signs do not reproduce', () => {
  const small = contextualClaims({
    ...published,
    recallLifts: [lift(1.3, 1.15, 1.45), lift(1.01, 0.95, 1.07)],
    relevanceLift: 0.1,
    impressionsTreatment: 12,
    impressionShareControl: 0.9,
    expectedRoas: lift(0.02, 0.011, 0.03),
  });
  assert.deepEqual(
    small.map((c) => c.verdict),
    ['direction only, not significant', 'direction only', 'direction only', 'does not reproduce', 'direction only'],
  );
  const opposite = contextualClaims({
    ...published,
    recallLifts: [lift(0.9, 0.8, 1)],
    ks: [10],
    relevanceLift: -0.1,
    impressionsTreatment: 9,
    expectedRoas: lift(-0.03, -0.05, -0.01),
  });
  assert.deepEqual(
    opposite.map((c) => c.verdict),
    ['does not reproduce', 'does not reproduce', 'does not reproduce', 'reproduces', 'does not reproduce'],
  );
  assert.throws(() => contextualClaims({ ...published, ks: [10] }), PinlabInputError);
});
