import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  bestResponse,
  eosEquilibrium,
  findProfitableDeviation,
  positionAuction,
  secondPriceAuction,
  utilityCurve,
  vickreyDominanceCheck,
} from '../../lib/auction';
import { Rng } from '../../lib/random/rng';
import { bidArb, close, instanceArb, qualityArb, slotCtrsArb } from './arbitraries';

test('Vickrey: bidding the value is never worse than any other bid (fast-check, 5000 instances)', () => {
  fc.assert(
    fc.property(
      bidArb,
      fc.array(bidArb, { minLength: 0, maxLength: 8 }),
      bidArb,
      fc.option(bidArb, { nil: undefined }),
      (v, rivals, b, reserve) => {
        const u = (bid: number): number => {
          const r = secondPriceAuction([bid, ...rivals], reserve);
          return r.winner === 0 ? v - r.price : 0;
        };
        assert.ok(u(v) >= u(b), `v=${v} b=${b}: ${u(v)} < ${u(b)}`);
      },
    ),
    { numRuns: 5000, seed: 11 },
  );
});

test('Vickrey dominance table: deviations never gain, and lose exactly in the middle cases', () => {
  const rows = vickreyDominanceCheck(new Rng(7), 20000);
  assert.equal(
    rows.reduce((s, r) => s + r.trials, 0),
    20000,
  );
  for (const r of rows) {
    assert.ok(r.trials > 500, `${r.condition}: ${r.trials} trials`);
    assert.ok(r.maxGain <= 0, `${r.condition}: gain ${r.maxGain}`);
    const middle = r.condition === 'b < B < v' || r.condition === 'v < B < b';
    if (middle) assert.ok(r.meanLoss > 0.05);
    else assert.equal(r.meanLoss, 0);
  }
});

test('VCG: no bidder has a profitable deviation from truthful bidding (fast-check, 2000 instances)', () => {
  fc.assert(
    fc.property(instanceArb({ mechanism: 'vcg', maxAds: 8 }), (inp) => {
      const dev = findProfitableDeviation(inp, inp.bids);
      assert.equal(dev, null, JSON.stringify(dev));
    }),
    { numRuns: 2000, seed: 12 },
  );
});

test('EOS (2007): truthful GSP is not an equilibrium, bidding $3 raises payoff from $1,200 to $1,592', () => {
  const game = { mechanism: 'gsp' as const, bids: [10, 4, 2], slotCtrs: [200, 199] };
  assert.deepEqual(utilityCurve(game, 0, 10, [10, 3]), [1200, 1592]);
  const dev = findProfitableDeviation(game, [10, 4, 2]);
  assert.ok(dev !== null);
  assert.equal(dev.bidder, 0);
  assert.equal(dev.currentUtility, 1200);
  assert.equal(dev.utility, 1592);
  assert.ok(dev.bid >= 2 && dev.bid < 4);
  // The same search finds nothing under VCG.
  assert.equal(findProfitableDeviation({ ...game, mechanism: 'vcg' }, [10, 4, 2]), null);
});

test('the best-response search finds GSP deviations on random instances, never under VCG', () => {
  const rng = new Rng(5);
  let gspFound = 0;
  for (let t = 0; t < 300; t++) {
    const values = Array.from({ length: 6 }, () => rng.next());
    const slotCtrs = [1, 0.9, 0.8];
    if (findProfitableDeviation({ mechanism: 'gsp', bids: values, slotCtrs }, values)) gspFound++;
    assert.equal(findProfitableDeviation({ mechanism: 'vcg', bids: values, slotCtrs }, values), null);
  }
  assert.ok(gspFound > 150, `GSP deviations found in ${gspFound}/300`);
});

test('bestResponse: the reported utility is achieved by the reported bid', () => {
  fc.assert(
    fc.property(instanceArb({ maxAds: 8 }), fc.nat(), bidArb, (inp, who, value) => {
      fc.pre(inp.bids.length > 0);
      const bidder = who % inp.bids.length;
      const br = bestResponse(inp, bidder, value);
      assert.ok(br.gain >= 0);
      assert.equal(utilityCurve(inp, bidder, value, [br.bid])[0], br.utility);
    }),
    { numRuns: 1000, seed: 13 },
  );
});

test('EOS example equilibrium: bids 10, 2.01, 2 and GSP revenue = VCG revenue = 800', () => {
  const eq = eosEquilibrium({ values: [10, 4, 2], slotCtrs: [200, 199] });
  assert.ok(close(eq.bids[1], 2.01, 1e-12));
  assert.deepEqual([eq.bids[0], eq.bids[2]], [10, 2]);
  assert.ok(close(eq.gspRevenue, 800, 1e-12) && close(eq.vcgRevenue, 800, 1e-12));
  assert.equal(findProfitableDeviation({ mechanism: 'gsp', bids: eq.bids, slotCtrs: [200, 199] }, [10, 4, 2]), null);
});

const distinctScores = (values: number[], quality?: number[]): boolean =>
  new Set(values.map((v, i) => v * (quality?.[i] ?? 1))).size === values.length;

test('property: EOS equilibrium gives GSP revenue = VCG revenue and no profitable deviation', () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: 1, maxLength: 8 }),
      slotCtrsArb({ positive: true, maxSlots: 5 }),
      fc.option(fc.array(qualityArb, { minLength: 8, maxLength: 8 }), { nil: undefined }),
      (values, slotCtrs, q) => {
        const quality = q?.slice(0, values.length);
        fc.pre(distinctScores(values, quality));
        const eq = eosEquilibrium({ values, slotCtrs, quality });
        assert.ok(close(eq.gspRevenue, eq.vcgRevenue, 1e-9), `${eq.gspRevenue} vs ${eq.vcgRevenue}`);
        eq.gspPayment.forEach((p, j) => assert.ok(close(p, eq.vcgPayment[j], 1e-9)));
        const truthful = positionAuction({ mechanism: 'vcg', bids: values, slotCtrs, quality });
        assert.deepEqual(eq.allocation, truthful.allocation);
        const dev = findProfitableDeviation({ mechanism: 'gsp', bids: eq.bids, slotCtrs, quality }, values, 1e-7);
        assert.equal(dev, null, JSON.stringify(dev));
      },
    ),
    { numRuns: 1500, seed: 14 },
  );
});

test('property: EOS with a reserve (uniform quality) still matches VCG revenue with the same reserve', () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: 1, maxLength: 8 }),
      slotCtrsArb({ positive: true, maxSlots: 5 }),
      fc.double({ min: 0, max: 5, noNaN: true }),
      (values, slotCtrs, reserve) => {
        fc.pre(distinctScores(values));
        const eq = eosEquilibrium({ values, slotCtrs, reserve });
        assert.ok(close(eq.gspRevenue, eq.vcgRevenue, 1e-9), `${eq.gspRevenue} vs ${eq.vcgRevenue}`);
        const dev = findProfitableDeviation({ mechanism: 'gsp', bids: eq.bids, slotCtrs, reserve }, values, 1e-7);
        assert.equal(dev, null, JSON.stringify(dev));
      },
    ),
    { numRuns: 1000, seed: 15 },
  );
});
