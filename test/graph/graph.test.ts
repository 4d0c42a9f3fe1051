import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateWorld } from '../../lib/data/world/generate';
import { buildEdges, EdgeKind, NodeKind, type EdgeList } from '../../lib/graph/edges';
import { csrToEdgeIndex, toCsr } from '../../lib/graph/csr';
import { nodeKey, toGraphology } from '../../lib/graph/graphology';
import { nodeFeatures } from '../../lib/graph/features';
import { PinlabInputError } from '../../lib/errors';

const world = generateWorld({ users: 300, items: 1500, seed: 21, days: 30 });
const DAY = 86_400;

test('edges aggregate engagements: weight = Σ value·2^(−age/half-life), counts and times per pair', () => {
  const until = 20 * DAY;
  const edges = buildEdges(world, { until, halfLifeDays: 7 });
  const U = world.users.count;
  const want = new Map<string, { w: number; n: number; first: number; last: number }>();
  const x = world.interactions;
  for (let r = 0; r < x.count; r++) {
    if (!x.outcome[r] || x.time[r] >= until) continue;
    const v = (x.outcome[r] === 1 ? 1 : 2) + (x.converted[r] ? 3 : 0);
    const key = `${x.user[r]}:${U + x.item[r]}`;
    const cur = want.get(key) ?? { w: 0, n: 0, first: x.time[r], last: 0 };
    cur.w += v * Math.pow(2, -(until - x.time[r]) / (7 * DAY));
    cur.n++;
    cur.last = x.time[r];
    want.set(key, cur);
  }
  let engaged = 0;
  const seen = new Set<string>();
  for (let e = 0; e < edges.count; e++) {
    const key = `${edges.src[e]}:${edges.dst[e]}`;
    assert.ok(!seen.has(key), `duplicate edge ${key}`);
    seen.add(key);
    if (edges.kind[e] !== EdgeKind.engaged) continue;
    engaged++;
    const w = want.get(key)!;
    assert.ok(w, `edge ${key} has no engagement`);
    assert.ok(Math.abs(edges.weight[e] - w.w) < 1e-5 * Math.max(1, w.w));
    assert.equal(edges.engagements[e], w.n);
    assert.equal(edges.firstTime[e], w.first);
    assert.equal(edges.lastTime[e], w.last);
    assert.ok(edges.lastTime[e] < until);
  }
  assert.equal(engaged, want.size);
  // Interest edges: a user's category weights add up to their engaged edges' weights.
  const byUser = new Float64Array(U);
  for (let e = 0; e < edges.count; e++) {
    if (edges.kind[e] === EdgeKind.engaged) byUser[edges.src[e]] += edges.weight[e];
    if (edges.kind[e] === EdgeKind.interest) byUser[edges.src[e]] -= edges.weight[e];
  }
  for (let u = 0; u < U; u++) assert.ok(Math.abs(byUser[u]) < 1e-3);
  const belongs = Array.from(edges.kind).filter((k) => k === EdgeKind.belongs).length;
  assert.equal(belongs, world.items.count);
  assert.throws(
    () => buildEdges(world, { halfLifeDays: 0 }),
    (e: unknown) => e instanceof PinlabInputError && e.field === 'halfLifeDays',
  );
  assert.throws(
    () => buildEdges(world, { from: 10, until: 5 }),
    (e: unknown) => e instanceof PinlabInputError && e.field === 'until',
  );
});

test('older engagement weighs less, repeated engagement weighs more', () => {
  const edges = buildEdges(world, { interest: false, belongs: false });
  let repeatW = 0,
    repeatN = 0,
    onceW = 0,
    onceN = 0;
  for (let e = 0; e < edges.count; e++) {
    if (edges.engagements[e] > 1) {
      repeatW += edges.weight[e];
      repeatN++;
    } else {
      onceW += edges.weight[e];
      onceN++;
    }
  }
  assert.ok(repeatN > 50, 'the world has repeat engagements');
  assert.ok(repeatW / repeatN > onceW / onceN);
  // Measured 28 days later (two 14-day half-lives), every weight is a quarter.
  const later = buildEdges(world, { refTime: world.horizon + 28 * DAY, interest: false, belongs: false });
  for (let e = 0; e < edges.count; e += 31)
    assert.ok(Math.abs(later.weight[e] - edges.weight[e] / 4) < 1e-5 * edges.weight[e]);
});

test('CSR equals the graphology graph: same neighbours, weights and kinds for every node', () => {
  const edges = buildEdges(world);
  const csr = toCsr(edges);
  const g = toGraphology(world, edges);
  assert.equal(g.order, edges.nodes.count);
  assert.equal(g.size, edges.count);
  assert.equal(csr.indices.length, 2 * edges.count);
  for (let v = 0; v < csr.nodeCount; v++) {
    const row = Array.from(csr.indices.subarray(csr.indptr[v], csr.indptr[v + 1])).sort((a, b) => a - b);
    const want = g
      .neighbors(nodeKey(v))
      .map(Number)
      .sort((a, b) => a - b);
    assert.deepEqual(row, want, `node ${v}`);
    for (let p = csr.indptr[v]; p < csr.indptr[v + 1]; p++) {
      const a = g.getEdgeAttributes(g.edge(nodeKey(v), nodeKey(csr.indices[p]))!);
      assert.equal(a.weight, csr.weight[p]);
      assert.equal(['engaged', 'interest', 'belongs'][csr.kind[p]], a.kind);
      assert.equal(a.lastTime, csr.time[p]);
    }
  }
  assert.equal(g.getNodeAttribute(nodeKey(edges.nodes.categoryOffset), 'kind'), 'category');
  const adId = world.ads.item[0];
  assert.equal(g.getNodeAttribute(nodeKey(edges.nodes.itemOffset + adId), 'kind'), 'ad');
  const ei = csrToEdgeIndex(csr);
  assert.equal(ei.src.length, csr.indices.length);
  for (let p = 0; p < ei.src.length; p += 17) assert.ok(g.hasEdge(nodeKey(ei.src[p]), nodeKey(ei.dst[p])));
});

test('CSR of a hand-made graph', () => {
  const edges = {
    nodes: { count: 4, users: 0, items: 0, categories: 0, itemOffset: 0, categoryOffset: 0, kind: new Uint8Array(4) },
    count: 3,
    src: Uint32Array.of(2, 0, 3),
    dst: Uint32Array.of(0, 1, 0),
    kind: Uint8Array.of(0, 1, 2),
    weight: Float32Array.of(0.5, 2, 3),
    engagements: new Uint32Array(3),
    firstTime: new Float64Array(3),
    lastTime: Float64Array.of(1, 2, 3),
    until: 10,
    refTime: 10,
  } satisfies EdgeList;
  const csr = toCsr(edges);
  assert.deepEqual(Array.from(csr.indptr), [0, 3, 4, 5, 6]);
  // Rows list arcs in edge-list order.
  assert.deepEqual(Array.from(csr.indices), [2, 1, 3, 0, 0, 0]);
  assert.deepEqual(Array.from(csr.weight), [0.5, 2, 3, 2, 0.5, 3]);
  assert.deepEqual(Array.from(csr.edge), [0, 1, 2, 1, 0, 2]);
  assert.deepEqual(Array.from(csr.kind), [0, 1, 2, 1, 0, 2]);
  assert.deepEqual(Array.from(csr.time), [1, 2, 3, 2, 1, 3]);
});

test('node features are observable attributes with one-hot blocks', () => {
  const edges = buildEdges(world, { until: world.horizon / 2 });
  const f = nodeFeatures(world, edges);
  assert.equal(f.values.length, edges.nodes.count * f.dim);
  assert.equal(f.names.length, f.dim);
  const col = (name: string) => f.names.indexOf(name);
  for (let v = 0; v < edges.nodes.count; v++) {
    const row = f.values.subarray(v * f.dim, (v + 1) * f.dim);
    assert.equal(row[0] + row[1] + row[2] + row[3], 1);
    assert.equal(row[edges.nodes.kind[v]], 1);
  }
  const u = 3;
  assert.equal(f.values[u * f.dim + col(`age=${world.ageGroups[world.users.ageGroup[u]]}`)], 1);
  const ad = world.ads.item[0];
  const row = (edges.nodes.itemOffset + ad) * f.dim;
  assert.ok(Math.abs(f.values[row + col('log_bid')] - Math.log(world.ads.bid[0])) < 1e-6);
  assert.equal(f.values[row + col(`category=${world.categories[world.items.category[ad]]}`)], 1);
  assert.equal(edges.nodes.kind[edges.nodes.itemOffset + ad], NodeKind.ad);
});
