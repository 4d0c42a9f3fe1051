import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateWorld } from '../../lib/data/generate';
import { temporalLinkSplit } from '../../lib/graph/split';
import { adRelevanceTask } from '../../lib/models/gnn';
import { chooseBackend } from '../../lib/tf';
import { PinlabInputError } from '../../lib/errors';
import { Rng } from '../../lib/random/rng';

test('ad-relevance task: supervised pairs leave the message graph; recency features describe edge age', async () => {
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
  // Edge features: [is engagement edge, age in months at the cut], ages within the window.
  const attr = d.task.graph.edgeAttr!.dataSync();
  const horizonMonths = world.horizon / (30 * 86400);
  for (let e = 0; e < attr.length / 2; e++) {
    assert.ok(attr[2 * e] >= 0 && attr[2 * e] <= 1);
    assert.ok(attr[2 * e + 1] >= 0 && attr[2 * e + 1] <= horizonMonths);
  }
  // Training negatives are ads (never the user's training edges).
  const neg = d.task.sampleNegatives(new Rng(1), 50);
  for (let k = 0; k < 50; k++) assert.equal(world.items.isAd[neg.dst[k] - d.itemOffset], 1);
  assert.throws(() => adRelevanceTask(world, split, { disjointFraction: -1 }), (e: unknown) => e instanceof PinlabInputError && e.field === 'disjointFraction');
});
