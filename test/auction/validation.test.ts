import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PinlabInputError } from '../../lib/errors';
import {
  bestResponse,
  compareRevenue,
  eosEquilibrium,
  expectedRevenue,
  exponentialValues,
  findProfitableDeviation,
  firstPriceAuction,
  firstPriceBidFunction,
  PositionAuctionEngine,
  positionAuction,
  secondPriceAuction,
  uniformValues,
  vickreyDominanceCheck,
  type PositionAuctionInput,
} from '../../lib/auction';
import { simpson } from '../../lib/auction/quadrature';
import { Rng } from '../../lib/random/rng';

/** Asserts that `fn` throws a PinlabInputError for `field` (and `index` when given). */
function throwsInput(fn: () => unknown, field: string, index?: number): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof PinlabInputError, `expected PinlabInputError, got ${String(e)}`);
    assert.equal(e.field, field);
    assert.equal(e.index, index);
    assert.ok(e.message.startsWith(index === undefined ? `${field}:` : `${field}[${index}]:`));
    return true;
  });
}

const ok: PositionAuctionInput = { mechanism: 'gsp', bids: [1, 2, 3], slotCtrs: [1, 0.5] };
const bad = (patch: Partial<PositionAuctionInput> | Record<string, unknown>) => () =>
  positionAuction({ ...ok, ...patch } as PositionAuctionInput);

test('positionAuction: bad bids name the index', () => {
  throwsInput(bad({ bids: [1, NaN, 3] }), 'bids', 1);
  throwsInput(bad({ bids: [1, 2, Infinity] }), 'bids', 2);
  throwsInput(bad({ bids: [-Infinity] }), 'bids', 0);
  throwsInput(bad({ bids: [1, -0.01] }), 'bids', 1);
  throwsInput(bad({ bids: [1, '2' as unknown as number] }), 'bids', 1);
  throwsInput(bad({ bids: 'abc' }), 'bids');
  throwsInput(bad({ bids: undefined }), 'bids');
});

test('positionAuction: a bad entry below the running top-K floor is caught too (the engine checks those on a cheaper path)', () => {
  // Thirty high bids fill the top-(K+1) buffer first, so the bad entry at index 40 scores below its floor.
  const n = 60;
  const bids = Array.from({ length: n }, (_, i) => (i < 30 ? 10 + i : 0.5));
  const quality = Array.from({ length: n }, () => 0.5);
  const with_ = <T>(xs: T[], i: number, v: unknown) => xs.map((x, k) => (k === i ? v : x)) as T[];
  const run = (b: number[], q?: number[]) => () =>
    positionAuction({ mechanism: 'vcg', bids: b, slotCtrs: [1, 0.5, 0.25], quality: q });
  for (const v of [NaN, -0.01, -5, Infinity, '0.5', null]) {
    throwsInput(run(with_(bids, 40, v), quality), 'bids', 40);
    throwsInput(run(with_(bids, 40, v)), 'bids', 40);
  }
  for (const v of [0, -0.5, 1.5, NaN, Infinity, '0.5', null])
    throwsInput(run(bids, with_(quality, 40, v)), 'quality', 40);
  // A negative bid times a negative quality scores positive, and is still caught (bids are checked first).
  throwsInput(run(with_(bids, 40, -1), with_(quality, 40, -1)), 'bids', 40);
  assert.equal(
    positionAuction({ mechanism: 'vcg', bids, slotCtrs: [1, 0.5, 0.25], quality }).allocation.join(),
    '29,28,27',
  );
});

test('positionAuction: bad slotCtrs name the index, including an increase', () => {
  throwsInput(bad({ slotCtrs: [1, NaN] }), 'slotCtrs', 1);
  throwsInput(bad({ slotCtrs: [Infinity] }), 'slotCtrs', 0);
  throwsInput(bad({ slotCtrs: [1, -0.5] }), 'slotCtrs', 1);
  throwsInput(bad({ slotCtrs: [0.5, 0.4, 0.6] }), 'slotCtrs', 2);
  throwsInput(bad({ slotCtrs: null }), 'slotCtrs');
});

test('positionAuction: quality outside (0, 1], not finite, or of the wrong length', () => {
  throwsInput(bad({ quality: [1, 0, 0.5] }), 'quality', 1);
  throwsInput(bad({ quality: [1, 1, 1.01] }), 'quality', 2);
  throwsInput(bad({ quality: [-0.5, 1, 1] }), 'quality', 0);
  throwsInput(bad({ quality: [NaN, 1, 1] }), 'quality', 0);
  throwsInput(bad({ quality: [1, Infinity, 1] }), 'quality', 1);
  throwsInput(bad({ quality: [1, 1] }), 'quality');
  throwsInput(bad({ quality: [1, 1, 1, 1] }), 'quality');
  throwsInput(bad({ quality: 0.5 }), 'quality');
});

test('positionAuction: bad reserve, unknown mechanism, missing input', () => {
  throwsInput(bad({ reserve: -1 }), 'reserve');
  throwsInput(bad({ reserve: NaN }), 'reserve');
  throwsInput(bad({ reserve: Infinity }), 'reserve');
  throwsInput(bad({ mechanism: 'first-price' }), 'mechanism');
  throwsInput(bad({ mechanism: 'GSP' }), 'mechanism');
  throwsInput(bad({ mechanism: undefined }), 'mechanism');
  throwsInput(() => positionAuction(null as unknown as PositionAuctionInput), 'input');
  throwsInput(() => new PositionAuctionEngine().run('english' as 'gsp', [1], [1]), 'mechanism');
});

test('single-item auctions validate bids and reserve', () => {
  throwsInput(() => secondPriceAuction([1, NaN]), 'bids', 1);
  throwsInput(() => secondPriceAuction([1, 2], -0.1), 'reserve');
  throwsInput(() => firstPriceAuction([-1]), 'bids', 0);
  throwsInput(() => firstPriceAuction({} as number[]), 'bids');
});

test('distributions and symmetric settings validate their parameters', () => {
  throwsInput(() => uniformValues(1, 1), 'hi');
  throwsInput(() => uniformValues(-1, 1), 'lo');
  throwsInput(() => uniformValues(0, Infinity), 'hi');
  throwsInput(() => exponentialValues(0), 'rate');
  throwsInput(() => exponentialValues(NaN), 'rate');
  const dist = uniformValues();
  throwsInput(() => expectedRevenue({ dist, bidders: 1.5 }), 'bidders');
  throwsInput(() => expectedRevenue({ dist, bidders: 0 }), 'bidders');
  throwsInput(() => expectedRevenue({ dist, bidders: 2, reserve: 2 }), 'reserve');
  throwsInput(() => expectedRevenue({ dist, bidders: 2, slotCtrs: [0.5, 1] }), 'slotCtrs', 1);
  throwsInput(() => firstPriceBidFunction({ dist, bidders: 2, reserve: -1 }), 'reserve');
  throwsInput(() => firstPriceBidFunction({ dist, bidders: 2 }, 0), 'cells');
  throwsInput(() => simpson((x) => x, 0, 1, 3), 'intervals');
});

test('equilibrium, deviation and Monte Carlo helpers validate their inputs', () => {
  throwsInput(() => eosEquilibrium({ values: [1, NaN], slotCtrs: [1] }), 'values', 1);
  throwsInput(() => eosEquilibrium({ values: [1, 2], slotCtrs: [1], quality: [1, 0.5], reserve: 0.1 }), 'quality', 1);
  throwsInput(() => eosEquilibrium({ values: [1, 2], slotCtrs: [1, 2] }), 'slotCtrs', 1);
  const game = { mechanism: 'vcg' as const, bids: [1, 2], slotCtrs: [1] };
  throwsInput(() => bestResponse(game, 2, 1), 'bidder');
  throwsInput(() => bestResponse(game, 0, -1), 'value');
  throwsInput(() => bestResponse({ ...game, quality: [0, 1] }, 0, 1), 'quality', 0);
  throwsInput(() => findProfitableDeviation(game, [1]), 'values');
  throwsInput(() => vickreyDominanceCheck(new Rng(1), 0), 'trials');
  throwsInput(
    () => compareRevenue({ dist: uniformValues(), bidders: 2, slotCtrs: [1], rounds: 1, rng: new Rng(1) }),
    'rounds',
  );
});
