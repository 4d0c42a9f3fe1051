import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateWorld } from '../../../lib/data/world/generate';
import { temporalLinkSplit } from '../../../lib/graph/split';
import { EdgeKind } from '../../../lib/graph/edges';
import { adRelevanceTask, buildAdRelevance } from '../../../lib/experiments/ad-relevance/run';
import { chooseBackend } from '../../../lib/tf';
import { PinlabInputError } from '../../../lib/errors';
import { Rng } from '../../../lib/random/rng';

test('ad-relevance task: supervised pairs leave the message graph; the recency feature decays with edge age at the cut', async () => {
  await chooseBackend({ log: () => {} });
  const world = generateWorld({ seed: 3, scale: 0.03 });
  const split = temporalLinkSplit(world, { seed: 3 });
  const positives = split.train.label.reduce((a, b) => a + b, 0);
  const full = adRelevanceTask(world, split, { disjointFraction: 0, recency: false });
  assert.equal(full.task.trainPositives.src.length, positives);
  assert.equal(full.task.graph.numEdges, 2 * split.graph.count + split.graph.nodes.count);
  assert.equal(full.edgeDim, 0);

  const d = adRelevanceTask(world, split, { disjointFraction: 0.3, seed: 3 });
  const P = d.task.trainPositives.src.length;
  assert.ok(Math.abs(P / positives - 0.3) < 0.05, `${P} of ${positives}`);
  const src = d.task.graph.src.dataSync();
  const dst = d.task.graph.dst.dataSync();
  const edges = new Set<number>();
  for (let e = 0; e < src.length; e++) edges.add(src[e] * 1e6 + dst[e]);
  for (let k = 0; k < P; k++) {
    const u = d.task.trainPositives.src[k];
    const a = d.task.trainPositives.dst[k];
    assert.ok(!edges.has(u * 1e6 + a) && !edges.has(a * 1e6 + u), `supervised pair ${u}–${a} is in the message graph`);
  }
  assert.equal(d.task.graph.numEdges, 2 * (split.graph.count - P) + split.graph.nodes.count);
  // Edge feature: 2^(−age / 14 days) of the last engagement at the cut, 0 on membership edges.
  assert.equal(d.edgeDim, 1);
  const attr = d.task.graph.edgeAttr!.dataSync();
  const expected = new Map<number, number>();
  for (let e = 0; e < split.graph.count; e++) {
    const fresh =
      split.graph.kind[e] === EdgeKind.belongs
        ? 0
        : Math.pow(2, -(split.trainEnd - split.graph.lastTime[e]) / (14 * 86400));
    expected.set(split.graph.src[e] * 1e6 + split.graph.dst[e], fresh);
    expected.set(split.graph.dst[e] * 1e6 + split.graph.src[e], fresh);
  }
  let checked = 0;
  for (let e = 0; e < src.length; e++) {
    assert.ok(attr[e] >= 0 && attr[e] <= 1, `edge ${e}: ${attr[e]}`);
    if (src[e] === dst[e]) continue;
    assert.ok(Math.abs(attr[e] - expected.get(src[e] * 1e6 + dst[e])!) < 1e-6, `edge ${src[e]}–${dst[e]}`);
    checked++;
  }
  assert.equal(checked, 2 * (split.graph.count - P));
  // A longer half-life keeps old engagement fresher; the half-life must be positive.
  const slow = adRelevanceTask(world, split, {
    disjointFraction: 0.3,
    seed: 3,
    recencyHalfLifeDays: 60,
  }).task.graph.edgeAttr!.dataSync();
  for (let e = 0; e < src.length; e++) if (src[e] !== dst[e] && attr[e] > 0) assert.ok(slow[e] >= attr[e] - 1e-7);
  assert.throws(
    () => adRelevanceTask(world, split, { recencyHalfLifeDays: 0 }),
    (e: unknown) => e instanceof PinlabInputError && e.field === 'recencyHalfLifeDays',
  );
  // Training negatives are ads (never the user's training edges).
  const neg = d.task.sampleNegatives(new Rng(1), 50);
  for (let k = 0; k < 50; k++) assert.equal(world.items.isAd[neg.dst[k] - d.itemOffset], 1);
  assert.throws(
    () => adRelevanceTask(world, split, { disjointFraction: -1 }),
    (e: unknown) => e instanceof PinlabInputError && e.field === 'disjointFraction',
  );
});

test("ad-relevance task: the weight feature is log1p of the edge's decayed engagement value, after the recency column", async () => {
  await chooseBackend({ log: () => {} });
  const world = generateWorld({ seed: 3, scale: 0.03 });
  const split = temporalLinkSplit(world, { seed: 3 });
  const g = split.graph;
  const byPair = new Map<number, number>();
  for (let e = 0; e < g.count; e++) {
    byPair.set(g.src[e] * 1e6 + g.dst[e], e);
    byPair.set(g.dst[e] * 1e6 + g.src[e], e);
  }
  for (const recency of [true, false]) {
    const d = adRelevanceTask(world, split, { disjointFraction: 0.3, seed: 3, recency, edgeWeight: true });
    const width = recency ? 2 : 1;
    assert.equal(d.edgeDim, width);
    const src = d.task.graph.src.dataSync();
    const dst = d.task.graph.dst.dataSync();
    const attr = d.task.graph.edgeAttr!.dataSync();
    let engaged = 0;
    for (let k = 0; k < src.length; k++) {
      if (src[k] === dst[k]) continue;
      const e = byPair.get(src[k] * 1e6 + dst[k])!;
      const belongs = g.kind[e] === EdgeKind.belongs;
      const expected = belongs ? 0 : Math.log1p(g.weight[e]);
      assert.ok(Math.abs(attr[k * width + width - 1] - expected) < 1e-5, `edge ${src[k]}–${dst[k]}`);
      if (recency) {
        const fresh = belongs ? 0 : Math.pow(2, -(split.trainEnd - g.lastTime[e]) / (14 * 86400));
        assert.ok(Math.abs(attr[k * width] - fresh) < 1e-6);
      }
      if (!belongs) engaged++;
    }
    assert.ok(engaged > 100);
  }
  // The reference model attends on both features; its ablations without edge features on neither.
  assert.equal(buildAdRelevance(world, split, { seed: 3, maxEpochs: 1 }).data.edgeDim, 2);
  assert.equal(buildAdRelevance(world, split, { seed: 3, maxEpochs: 1, recency: false }).data.edgeDim, 0);
  assert.equal(buildAdRelevance(world, split, { seed: 3, maxEpochs: 1, edgeWeight: false }).data.edgeDim, 1);
  assert.equal(buildAdRelevance(world, split, { seed: 3, maxEpochs: 1, kind: 'mean' }).data.edgeDim, 0);
});
