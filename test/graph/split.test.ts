import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateWorld } from '../../lib/data/world/generate';
import { WorldOracle } from '../../lib/data/world/oracle';
import { temporalLinkSplit } from '../../lib/graph/split';
import { PinlabInputError } from '../../lib/errors';
import { Rng } from '../../lib/random/rng';

const world = generateWorld({ users: 400, items: 2000, seed: 5, days: 30 });
const split = temporalLinkSplit(world, { negatives: 2, seed: 1 });

/** First engagement time of every engaged (user, item) pair, by brute force. */
function firstEngagement(): Map<number, number> {
  const first = new Map<number, number>();
  const x = world.interactions;
  for (let r = 0; r < x.count; r++) {
    const key = x.user[r] * world.items.count + x.item[r];
    if (x.outcome[r] && !first.has(key)) first.set(key, x.time[r]);
  }
  return first;
}

test('temporal split: no future information in the graph or in earlier splits', () => {
  const { graph, trainEnd, valEnd } = split;
  for (let e = 0; e < graph.count; e++)
    assert.ok(graph.lastTime[e] < trainEnd, `graph edge ${e} from time ${graph.lastTime[e]}`);
  const first = firstEngagement();
  const windows: [typeof split.train, number, number][] = [
    [split.train, 0, trainEnd],
    [split.val, trainEnd, valEnd],
    [split.test, valEnd, world.horizon],
  ];
  const seenPairs = new Set<number>();
  for (const [pairs, lo, hi] of windows) {
    assert.ok(pairs.count > 0);
    for (let k = 0; k < pairs.count; k++) {
      const key = pairs.user[k] * world.items.count + pairs.item[k];
      assert.equal(world.items.isAd[pairs.item[k]], 1, 'default pool is ads');
      assert.ok(pairs.time[k] >= lo && pairs.time[k] < hi);
      if (pairs.label[k] === 1) {
        assert.equal(first.get(key), pairs.time[k], 'a positive is the pair’s first engagement');
        assert.ok(!seenPairs.has(key), 'a pair is positive in one split only');
        seenPairs.add(key);
      }
    }
  }
  for (const pairs of [split.train, split.val, split.test]) {
    // Each positive is followed by its two negatives.
    for (let k = 0; k < pairs.count; k++) assert.equal(pairs.label[k], k % 3 === 0 ? 1 : 0);
  }
});

test('negatives are never true edges (held-out) and never training edges (train)', () => {
  const first = firstEngagement();
  for (const pairs of [split.val, split.test]) {
    for (let k = 0; k < pairs.count; k++) {
      if (pairs.label[k] === 0)
        assert.ok(!first.has(pairs.user[k] * world.items.count + pairs.item[k]), 'held-out negative is a true edge');
    }
  }
  for (let k = 0; k < split.train.count; k++) {
    if (split.train.label[k] === 0) {
      const t = first.get(split.train.user[k] * world.items.count + split.train.item[k]);
      assert.ok(t === undefined || t >= split.trainEnd, 'train negative is a training edge');
    }
  }
  const rng = new Rng(3);
  const out = split.trainSampler.sampleMany(split.train.user.subarray(0, 300), new Uint32Array(300), rng);
  for (let k = 0; k < 300; k++) {
    const t = first.get(split.train.user[k] * world.items.count + out[k]);
    assert.ok(t === undefined || t >= split.trainEnd);
    assert.equal(world.items.isAd[out[k]], 1);
  }
});

test('pair probabilities are the oracle’s, and they separate positives from negatives', () => {
  const oracle = new WorldOracle(world);
  for (let k = 0; k < split.test.count; k += 7) {
    assert.ok(
      Math.abs(split.test.pTrue[k] - oracle.engageProb(split.test.user[k], split.test.item[k], split.test.time[k])) <
        1e-6,
    );
  }
  let pos = 0,
    neg = 0,
    np = 0,
    nn = 0;
  for (let k = 0; k < split.test.count; k++) {
    if (split.test.label[k]) {
      pos += split.test.pTrue[k];
      np++;
    } else {
      neg += split.test.pTrue[k];
      nn++;
    }
  }
  assert.equal(nn, 2 * np);
  assert.ok(pos / np > 1.5 * (neg / nn));
});

test('the same seed gives the same split; bad options are rejected', () => {
  const again = temporalLinkSplit(world, { negatives: 2, seed: 1 });
  assert.deepEqual(again.test.item, split.test.item);
  assert.throws(
    () => temporalLinkSplit(world, { valStart: 0.9, testStart: 0.8 }),
    (e: unknown) => e instanceof PinlabInputError && e.field === 'valStart',
  );
  assert.throws(
    () => temporalLinkSplit(world, { negatives: -1 }),
    (e: unknown) => e instanceof PinlabInputError && e.field === 'negatives',
  );
  assert.throws(
    () => temporalLinkSplit(world, { pool: 'pins' as never }),
    (e: unknown) => e instanceof PinlabInputError && e.field === 'pool',
  );
  const organic = temporalLinkSplit(world, { pool: 'organic', negatives: 1 });
  for (let k = 0; k < organic.val.count; k++) assert.equal(world.items.isAd[organic.val.item[k]], 0);
});
