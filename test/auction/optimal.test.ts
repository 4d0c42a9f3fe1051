import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  compareRevenue,
  COMPARED_MECHANISMS,
  expectedRevenue,
  exponentialValues,
  firstPriceAuction,
  firstPriceBid,
  firstPriceBidFunction,
  interimClicks,
  myersonReserve,
  uniformValues,
  virtualValue,
} from '../../lib/auction';
import { Rng } from '../../lib/random/rng';

test('Myerson reserve: 1/2 for U[0,1], h/2 for U[0,h], lo when lo >= h/2, 1/λ for exponential(λ)', () => {
  assert.ok(Math.abs(myersonReserve(uniformValues()) - 0.5) < 1e-12);
  assert.ok(Math.abs(myersonReserve(uniformValues(0, 8)) - 4) < 1e-11);
  assert.ok(Math.abs(myersonReserve(uniformValues(1, 3)) - 1.5) < 1e-12);
  assert.equal(myersonReserve(uniformValues(2, 3)), 2);
  assert.ok(Math.abs(myersonReserve(exponentialValues(4)) - 0.25) < 1e-12);
  assert.ok(Math.abs(virtualValue(uniformValues(), 0.8) - 0.6) < 1e-15); // 2v − 1
});

test('Myerson: two U[0,1] bidders, second-price revenue 1/3, with reserve 1/2 it is 5/12', () => {
  const dist = uniformValues();
  assert.ok(Math.abs(expectedRevenue({ dist, bidders: 2 }) - 1 / 3) < 1e-12);
  assert.ok(Math.abs(expectedRevenue({ dist, bidders: 2, reserve: 0.5 }) - 5 / 12) < 1e-12);
  // n bidders without reserve: E[second-highest of n uniforms] = (n − 1)/(n + 1).
  for (const n of [3, 5, 10]) assert.ok(Math.abs(expectedRevenue({ dist, bidders: n }) - (n - 1) / (n + 1)) < 1e-10);
  // The optimal reserve maximises expected revenue over a grid of reserves.
  const best = [0, 0.3, 0.45, 0.5, 0.55, 0.7].map((r) => expectedRevenue({ dist, bidders: 3, reserve: r }));
  assert.equal(best.indexOf(Math.max(...best)), 3);
});

test('exponential values: revenue without reserve = E[second-highest] = (1/λ)·Σ_{k=2}^{n} 1/k', () => {
  const lambda = 2;
  for (const n of [2, 4]) {
    let want = 0;
    for (let k = 2; k <= n; k++) want += 1 / k / lambda;
    assert.ok(Math.abs(expectedRevenue({ dist: exponentialValues(lambda), bidders: n }) - want) < 1e-8);
  }
});

test('first-price shading: b(v) = (n − 1)·v/n for U[0,1], one item, no reserve', () => {
  for (const n of [2, 3, 5, 10]) {
    const bid = firstPriceBidFunction({ dist: uniformValues(), bidders: n });
    for (const v of [0, 0.001, 0.2, 0.5, 0.77, 1])
      assert.ok(Math.abs(bid(v) - ((n - 1) * v) / n) < 1e-9, `n=${n} v=${v}`);
  }
  // With reserve r (U[0,1], n = 2): b(v) = v − (v² − r²)/(2v) = (v² + r²)/(2v).
  const r = 0.5;
  const bid = firstPriceBidFunction({ dist: uniformValues(), bidders: 2, reserve: r });
  for (const v of [0.5, 0.6, 0.9]) assert.ok(Math.abs(bid(v) - (v * v + r * r) / (2 * v)) < 1e-7, `v=${v}`);
  assert.equal(bid(0.4), 0.4); // below the reserve: cannot win, bid returned unchanged
  assert.equal(
    firstPriceBid(0.6, { dist: uniformValues(), bidders: 4 }),
    firstPriceBidFunction({ dist: uniformValues(), bidders: 4 })(0.6),
  );
});

test('first-price shading is a best response: no other bid raises expected utility (U[0,1], n = 3)', () => {
  // Rivals bid 2v/3, so a bid b wins with probability min(1, 3b/2)²: expected utility (v − b)·P(win).
  const bid = firstPriceBidFunction({ dist: uniformValues(), bidders: 3 });
  fc.assert(
    fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (v, b) => {
      const u = (x: number): number => (v - x) * Math.min(1, 1.5 * x) ** 2;
      assert.ok(u(bid(v)) >= u(b) - 1e-12);
    }),
    { numRuns: 2000, seed: 21 },
  );
});

test('interim clicks: one item gives F^{n−1}; all slots filled by n <= K bidders sum to Σα', () => {
  assert.ok(Math.abs(interimClicks(0.3, 4, [1]) - 0.3 ** 3) < 1e-15);
  // Averaged over F ~ U[0,1], n bidders share the n best slots equally.
  let avg = 0;
  for (let i = 0; i < 1000; i++) avg += interimClicks((i + 0.5) / 1000, 3, [1, 0.5, 0.2, 0.1]) / 1000;
  assert.ok(Math.abs(avg - (1 + 0.5 + 0.2) / 3) < 1e-6);
});

test('Monte Carlo: Myerson 1/3 → 5/12 for two U[0,1] bidders, by simulation', () => {
  const run = (reserve: number) =>
    compareRevenue({ dist: uniformValues(), bidders: 2, slotCtrs: [1], rounds: 40000, rng: new Rng(31), reserve });
  for (const [reserve, want] of [
    [0, 1 / 3],
    [0.5, 5 / 12],
  ] as const) {
    const c = run(reserve);
    assert.equal(c.analytic, expectedRevenue({ dist: uniformValues(), bidders: 2, reserve }));
    for (const m of COMPARED_MECHANISMS) {
      assert.ok(
        Math.abs(c.revenue[m].mean - want) < 4 * c.revenue[m].stdErr,
        `${m} reserve ${reserve}: ${c.revenue[m].mean}`,
      );
    }
  }
});

test('Monte Carlo revenue equivalence in a 3-slot position auction (uniform and exponential values)', () => {
  const cases = [
    { dist: uniformValues(), bidders: 5, slotCtrs: [1, 0.6, 0.3], reserve: 0 },
    { dist: uniformValues(), bidders: 5, slotCtrs: [1, 0.6, 0.3], reserve: 0.5 },
    { dist: exponentialValues(1), bidders: 4, slotCtrs: [1, 0.5, 0.25], reserve: 1 },
  ];
  for (const [k, setting] of cases.entries()) {
    const c = compareRevenue({ ...setting, rounds: 30000, rng: new Rng(40 + k) });
    for (const m of ['vcg', 'gsp-eos', 'first-price'] as const) {
      const e = c.revenue[m];
      assert.ok(
        Math.abs(e.mean - c.analytic) < 4 * e.stdErr,
        `case ${k} ${m}: ${e.mean} vs ${c.analytic} ± ${e.stdErr}`,
      );
    }
    // Paired differences: EOS equals VCG round by round; first-price only in expectation.
    assert.ok(Math.abs(c.minusVcg['gsp-eos'].mean) < 1e-12);
    const fp = c.minusVcg['first-price'];
    assert.ok(
      fp.stdErr > 0 && Math.abs(fp.mean) < 4 * fp.stdErr,
      `case ${k} first-price − VCG ${fp.mean} ± ${fp.stdErr}`,
    );
    // Truthful GSP is not an equilibrium; at truthful bids it always charges at least VCG.
    assert.ok(c.minusVcg['gsp-truthful'].mean > 10 * c.minusVcg['gsp-truthful'].stdErr);
  }
});

test('Monte Carlo is reproducible from the seed', () => {
  const run = () =>
    compareRevenue({ dist: uniformValues(), bidders: 3, slotCtrs: [1, 0.5], rounds: 500, rng: new Rng(9) });
  assert.deepEqual(run(), run());
});

test('first-price auction at equilibrium bids, simulated: winner pays its shaded bid', () => {
  const bid = firstPriceBidFunction({ dist: uniformValues(), bidders: 2 });
  assert.deepEqual(firstPriceAuction([bid(0.8), bid(0.6)]), { winner: 0, price: 0.4 });
});
