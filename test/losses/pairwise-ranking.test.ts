import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskAccidentalHits } from '../../lib/losses/accidental-hits';
import { rankAgainstRow, type PairwiseRanking } from '../../lib/losses/pairwise-ranking';
import { Rng } from '../../lib/random/rng';

/** L(s⁺, s⁻) of one row and its gradient (∂L/∂s⁺, ∂L/∂s⁻) as rankAgainstRow reports it. */
function row(loss: PairwiseRanking, positive: number, negatives: number[], weight: number) {
  const r = Float32Array.from(negatives);
  const acc = { loss: 0, active: 0 };
  rankAgainstRow(loss, positive, r, 0, r.length, weight, acc);
  return { loss: acc.loss, dPositive: -acc.active, dNegatives: Array.from(r) };
}

for (const loss of [
  { kind: 'hinge', margin: 0.5 },
  { kind: 'bpr', margin: 0 },
] as const) {
  test(`pairwise ranking (${loss.kind}): gradient matches central finite differences`, () => {
    const rng = new Rng(3);
    // Scores on a grid of 1/8 away from the hinge's kinks (x = s⁻ − s⁺ + Δ = 0).
    const negatives = Array.from({ length: 6 }, () => Math.round(8 * rng.normal()) / 8 + 1 / 16);
    const positive = 0.25;
    const g = row(loss, positive, negatives, 0.3);
    const h = 1e-3;
    const f = (p: number, n: number[]) => row(loss, p, n, 0.3).loss;
    assert.ok(Math.abs((f(positive + h, negatives) - f(positive - h, negatives)) / (2 * h) - g.dPositive) < 1e-4);
    negatives.forEach((v, k) => {
      const up = negatives.slice(),
        down = negatives.slice();
      up[k] = v + h;
      down[k] = v - h;
      assert.ok(Math.abs((f(positive, up) - f(positive, down)) / (2 * h) - g.dNegatives[k]) < 1e-4, `negative ${k}`);
    });
    assert.ok(
      g.dNegatives.some((x) => x > 0),
      'some terms are active',
    );
  });
}

test('a masked negative (an accidental hit) adds no loss and no gradient', () => {
  for (const loss of [
    { kind: 'hinge', margin: 1 },
    { kind: 'bpr', margin: 0 },
  ] as const) {
    const masked = row(loss, 0.2, [0.4, -Infinity, 0.1], 1);
    const without = row(loss, 0.2, [0.4, 0.1], 1);
    assert.ok(Math.abs(masked.loss - without.loss) < 1e-12);
    assert.equal(masked.dNegatives[1], 0);
    assert.ok(Math.abs(masked.dPositive - without.dPositive) < 1e-12);
  }
});

test('maskAccidentalHits masks exactly the columns holding one of the row’s positives (duplicates too), except kept ones', () => {
  const columns = Int32Array.from([7, 3, 7, 5]);
  const m = new Float32Array(3 * 4);
  const positives = [[7], [5, 9], [3, 7]];
  maskAccidentalHits(
    m,
    columns,
    3,
    (r) => positives[r],
    -1,
    (r, c) => r === 0 && c === 0,
  );
  assert.deepEqual(Array.from(m), [0, 0, -1, 0, 0, 0, 0, -1, -1, -1, -1, 0]);
});
