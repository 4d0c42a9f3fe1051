import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectedOracleAuc, oracleRecallAtK, sampleEngagedRequests } from '../../../lib/data/world/bayes';
import { rocAuc } from '../../../lib/metrics/classification';
import { generateWorld } from '../../../lib/data/world/generate';
import { Pool } from '../../../lib/data/world/oracle';
import { PinlabInputError } from '../../../lib/errors';
import { Rng } from '../../../lib/random/rng';

test('expectedOracleAuc equals the mean AUC of the oracle over sampled labels', () => {
  const rng = new Rng(5);
  const p = Float64Array.from({ length: 400 }, () => Math.round(rng.next() * 20) / 20); // ties included
  const exact = expectedOracleAuc(p);
  let sum = 0;
  const trials = 400;
  const labels = new Uint8Array(p.length);
  for (let t = 0; t < trials; t++) {
    for (let i = 0; i < p.length; i++) labels[i] = rng.next() < p[i] ? 1 : 0;
    sum += rocAuc(p, labels);
  }
  assert.ok(Math.abs(sum / trials - exact) < 0.004, `Monte Carlo ${sum / trials} vs exact ${exact}`);
  assert.ok(Math.abs(expectedOracleAuc([0.3, 0.3, 0.3]) - 0.5) < 1e-12);
  assert.throws(
    () => expectedOracleAuc([0.2, 1.5]),
    (e: unknown) => e instanceof PinlabInputError && e.index === 1,
  );
});

test('oracle Recall@K: expected mass grows with K and the realised hit rate agrees with it', () => {
  const world = generateWorld({ users: 300, items: 3000, seed: 9, days: 30 });
  const requests = sampleEngagedRequests(world, {
    from: world.horizon / 2,
    to: world.horizon,
    pool: Pool.ad,
    limit: 400,
    rng: new Rng(1),
  });
  assert.equal(requests.length, 400);
  const r = oracleRecallAtK(world, requests, [1, 10, 50, 300]);
  for (let i = 1; i < r.ks.length; i++) assert.ok(r.expected[i] > r.expected[i - 1]);
  assert.equal(Math.round(r.expected[3] * 1e9), 1e9, 'top 300 = every ad holds all the mass');
  // 400 requests: binomial s.e. ≤ 0.025.
  for (let i = 0; i < 3; i++)
    assert.ok(
      Math.abs(r.realised[i] - r.expected[i]) < 0.08,
      `K=${r.ks[i]}: realised ${r.realised[i]} vs expected ${r.expected[i]}`,
    );
  // The oracle is far better than chance (K/|ads| = 10/300).
  assert.ok(r.expected[1] > 0.2);
});
