import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PositionAuctionEngine, positionAuction, secondPriceAuction, firstPriceAuction } from '../../lib/auction';
import { clarkeVcgPayments, myersonVcgPayment, naiveGsp } from './reference';
import { close, instanceArb } from './arbitraries';

test('EOS (2007) example: values 10, 4, 2 and 200/199 clicks; GSP and VCG payments', () => {
  const gsp = positionAuction({ mechanism: 'gsp', bids: [10, 4, 2], slotCtrs: [200, 199] });
  assert.deepEqual(gsp.allocation, [0, 1]);
  assert.deepEqual(gsp.pricePerClick, [4, 2]);
  assert.deepEqual(gsp.payment, [800, 398]);
  // VCG: p(2) = 199·2 = 398, p(1) = (200 − 199)·4 + 398 = 402 (EOS's recursion).
  const vcg = positionAuction({ mechanism: 'vcg', bids: [10, 4, 2], slotCtrs: [200, 199] });
  assert.deepEqual(vcg.allocation, [0, 1]);
  assert.ok(close(vcg.payment[0], 402, 1e-12) && vcg.payment[1] === 398);
  assert.ok(close(vcg.pricePerClick[0], 2.01, 1e-12) && vcg.pricePerClick[1] === 2);
  assert.ok(close(vcg.revenue, 800, 1e-12));
});

test('quality-weighted ranking by eCPM = bid × P(action), GSP price = next score ÷ own quality', () => {
  // Scores 1.8, 1.5, 0.8: the highest bid (3) is second because its P(action) is low.
  const r = positionAuction({ mechanism: 'gsp', bids: [2, 3, 1], quality: [0.9, 0.5, 0.8], slotCtrs: [1, 0.5] });
  assert.deepEqual(r.allocation, [0, 1]);
  assert.ok(close(r.pricePerClick[0], 1.5 / 0.9, 1e-15));
  assert.ok(close(r.pricePerClick[1], 0.8 / 0.5, 1e-15));
  assert.ok(close(r.payment[0], (1.5 / 0.9) * 0.9 * 1, 1e-15)); // = next score × α
  assert.ok(close(r.payment[1], 0.8 * 0.5, 1e-15));
  // VCG by hand: slot 2 pays α2·s3 = 0.4; slot 1 pays (1 − 0.5)·1.5 + 0.4 = 1.15.
  const v = positionAuction({ mechanism: 'vcg', bids: [2, 3, 1], quality: [0.9, 0.5, 0.8], slotCtrs: [1, 0.5] });
  assert.ok(close(v.payment[0], 1.15, 1e-15) && close(v.payment[1], 0.4, 1e-15));
});

test('ties are broken by lower index, and a tied next score sets the price to the own bid', () => {
  const r = positionAuction({ mechanism: 'gsp', bids: [1, 5, 5, 5], slotCtrs: [1, 1] });
  assert.deepEqual(r.allocation, [1, 2]);
  assert.deepEqual(r.pricePerClick, [5, 5]);
  assert.deepEqual(secondPriceAuction([2, 7, 7]), { winner: 1, price: 7 });
});

test('reserve is an inclusive floor (e.g. a US $0.10 minimum bid) and a GSP price floor', () => {
  const r = positionAuction({ mechanism: 'gsp', bids: [0.1, 0.0999, 0.5], slotCtrs: [1, 0.8, 0.6], reserve: 0.1 });
  assert.deepEqual(r.allocation, [2, 0]);
  assert.deepEqual(r.pricePerClick, [0.1, 0.1]);
  assert.deepEqual(secondPriceAuction([0.3], 0.1), { winner: 0, price: 0.1 });
  assert.deepEqual(secondPriceAuction([0.05, 0.09], 0.1), { winner: null, price: 0 });
  // VCG with reserve as phantom bids, values 10, 4, 2, reserve 3: slot 2 pays 199·3, slot 1 4 + 597.
  const v = positionAuction({ mechanism: 'vcg', bids: [10, 4, 2], slotCtrs: [200, 199], reserve: 3 });
  assert.deepEqual(v.allocation, [0, 1]);
  assert.deepEqual(v.payment, [601, 597]);
});

test('first-price pays the own bid', () => {
  assert.deepEqual(firstPriceAuction([0.2, 0.7, 0.4]), { winner: 1, price: 0.7 });
  assert.deepEqual(firstPriceAuction([0.2, 0.7, 0.4], 0.8), { winner: null, price: 0 });
});

test('no ads, no slots and fewer ads than slots', () => {
  assert.deepEqual(positionAuction({ mechanism: 'vcg', bids: [], slotCtrs: [1] }), {
    allocation: [],
    pricePerClick: [],
    payment: [],
    revenue: 0,
  });
  assert.deepEqual(positionAuction({ mechanism: 'gsp', bids: [3, 2], slotCtrs: [] }).allocation, []);
  const r = positionAuction({ mechanism: 'vcg', bids: [3, 2], slotCtrs: [1, 0.5, 0.2] });
  assert.deepEqual(r.allocation, [0, 1]);
  assert.deepEqual(r.payment, [0.5 * 2, 0]);
});

test('property: GSP equals the full-sort definition on thousands of random instances', () => {
  fc.assert(
    fc.property(instanceArb({ mechanism: 'gsp' }), (inp) => {
      const got = positionAuction(inp);
      const want = naiveGsp(inp);
      assert.deepEqual(got.allocation, want.allocation);
      got.pricePerClick.forEach((p, j) => assert.ok(close(p, want.pricePerClick[j], 1e-12)));
      got.payment.forEach((p, j) => assert.ok(close(p, want.payment[j], 1e-12)));
    }),
    { numRuns: 3000, seed: 1 },
  );
});

test("property: VCG payments equal Myerson's payment identity (any quality, any reserve)", () => {
  fc.assert(
    fc.property(instanceArb({ mechanism: 'vcg' }), (inp) => {
      const got = positionAuction(inp);
      assert.deepEqual(got.allocation, naiveGsp(inp).allocation);
      got.allocation.forEach((ad, j) =>
        assert.ok(close(got.payment[j], myersonVcgPayment(inp, ad), 1e-9), `slot ${j}`),
      );
    }),
    { numRuns: 2000, seed: 2 },
  );
});

test('property: VCG payments equal the Clarke pivot with reserve as phantom bids (uniform quality)', () => {
  fc.assert(
    fc.property(instanceArb({ mechanism: 'vcg', withQuality: false }), fc.constantFrom(1, 0.3), (inp, q) => {
      const withQ = { ...inp, quality: inp.bids.map(() => q) };
      const got = positionAuction(withQ);
      const want = clarkeVcgPayments(withQ);
      got.payment.forEach((p, j) => assert.ok(close(p, want[j], 1e-9), `slot ${j}: ${p} vs ${want[j]}`));
    }),
    { numRuns: 2000, seed: 3 },
  );
});

test('property: GSP payment >= VCG payment slot by slot at equal bids, same allocation', () => {
  fc.assert(
    fc.property(instanceArb(), (inp) => {
      const g = positionAuction({ ...inp, mechanism: 'gsp' });
      const v = positionAuction({ ...inp, mechanism: 'vcg' });
      assert.deepEqual(g.allocation, v.allocation);
      g.payment.forEach((p, j) => assert.ok(p >= v.payment[j] - 1e-12 * (1 + p), `slot ${j}`));
      assert.ok(g.revenue >= v.revenue - 1e-12 * (1 + g.revenue));
    }),
    { numRuns: 3000, seed: 4 },
  );
});

test('property: individual rationality: reserve <= price per click <= bid (so truthful utility >= 0)', () => {
  fc.assert(
    fc.property(instanceArb(), (inp) => {
      const r = positionAuction(inp);
      r.allocation.forEach((ad, j) => {
        assert.ok(r.pricePerClick[j] <= inp.bids[ad] * (1 + 1e-12), `price above bid at slot ${j}`);
        assert.ok(r.pricePerClick[j] >= (inp.reserve ?? 0));
        assert.ok(r.payment[j] >= 0);
      });
    }),
    { numRuns: 3000, seed: 5 },
  );
});

test('the engine reuses its buffers: results do not depend on earlier, larger runs', () => {
  const engine = new PositionAuctionEngine();
  fc.assert(
    fc.property(fc.array(instanceArb(), { minLength: 2, maxLength: 5 }), (batch) => {
      for (const inp of batch) {
        const filled = engine.run(inp.mechanism, inp.bids, inp.slotCtrs, inp.quality, inp.reserve);
        const want = positionAuction(inp);
        assert.deepEqual(Array.from(engine.allocation.subarray(0, filled)), want.allocation);
        assert.deepEqual(Array.from(engine.payment.subarray(0, filled)), want.payment);
        assert.equal(engine.revenue, want.revenue);
      }
    }),
    { numRuns: 500, seed: 6 },
  );
});
