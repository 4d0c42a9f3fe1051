import { test } from 'node:test';
import assert from 'node:assert/strict';
import Graph from 'graphology';
import { compareCommunities, engagementGraph } from '../../lib/graph/communities';
import { buildEdges } from '../../lib/graph/edges';
import {
  toGraphology,
  type WorldEdgeAttributes,
  type WorldGraph,
  type WorldNodeAttributes,
} from '../../lib/graph/graphology';
import { generateWorld } from '../../lib/data/world/generate';
import { PinlabInputError } from '../../lib/errors';

/** Two 4-cliques of two categories joined by one edge, all weights 1. */
function twoCliques(): WorldGraph {
  const g: WorldGraph = new Graph<WorldNodeAttributes, WorldEdgeAttributes>({ type: 'undirected' });
  for (let v = 0; v < 8; v++) {
    g.addNode(String(v), { kind: 'user', index: v, label: `u${v}`, category: v < 4 ? 'A' : 'B' });
  }
  const edge = { kind: 'engaged' as const, weight: 1, engagements: 1, firstTime: 0, lastTime: 0 };
  for (const base of [0, 4]) {
    for (let i = 0; i < 4; i++) for (let j = i + 1; j < 4; j++) g.addEdge(String(base + i), String(base + j), edge);
  }
  g.addEdge('3', '4', edge);
  return g;
}

test('compareCommunities: modularity of a planted partition, found again by Louvain', () => {
  const r = compareCommunities(twoCliques(), 1);
  // Q = Σ_c [L_c / m − (d_c / 2m)²] with m = 13, L_c = 6, d_c = 13 for both cliques.
  const q = 2 * (6 / 13 - (13 / 26) ** 2);
  assert.ok(Math.abs(r.categoryModularity - q) < 1e-12, `${r.categoryModularity} vs ${q}`);
  assert.equal(r.louvainCommunities, 2);
  assert.ok(Math.abs(r.louvainModularity - q) < 1e-12);
  assert.equal(r.louvainCategoryPurity, 1);
  assert.equal(r.nodes, 8);
  assert.equal(r.edges, 13);
  assert.ok(Math.abs(r.density - 13 / 28) < 1e-12);
});

test("compareCommunities on a world's engagement graph: one seed, one partition", () => {
  const world = generateWorld({ users: 300, items: 1500, seed: 3, days: 20 });
  const full = toGraphology(world, buildEdges(world, { halfLifeDays: 14 }));
  const g = engagementGraph(full);
  let engaged = 0;
  full.forEachEdge((_e, a) => void (a.kind === 'engaged' && engaged++));
  assert.equal(g.size, engaged);
  g.forEachNode((_n, a) => assert.notEqual(a.kind, 'category'));
  const a = compareCommunities(g, 5);
  assert.deepEqual(compareCommunities(g, 5), a);
  assert.ok(a.louvainCommunities > 1 && a.louvainCommunities < g.order);
  assert.ok(a.categoryModularity > 0 && a.categoryModularity < 1, `${a.categoryModularity}`);
  assert.ok(a.louvainModularity > 0 && a.louvainModularity < 1, `${a.louvainModularity}`);
  assert.ok(a.louvainCategoryPurity > 0 && a.louvainCategoryPurity <= 1);
  assert.throws(
    () => compareCommunities(g, -1),
    (e: unknown) => e instanceof PinlabInputError && e.field === 'seed',
  );
});
