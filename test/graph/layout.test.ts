import { test } from 'node:test';
import assert from 'node:assert/strict';
import Graph from 'graphology';
import { edgeLayout, forceLayout } from '../../lib/graph/layout';

test('forceLayout: seeded, finite, and pulls each clique together', () => {
  const g = new Graph({ type: 'undirected' });
  for (let v = 0; v < 10; v++) g.addNode(String(v));
  for (const base of [0, 5]) {
    for (let i = 0; i < 5; i++) {
      for (let j = i + 1; j < 5; j++) g.addEdge(String(base + i), String(base + j), { weight: 2 });
    }
  }
  g.addEdge('4', '5', { weight: 1 });
  const p = forceLayout(g, 7);
  assert.deepEqual(forceLayout(g, 7), p);
  assert.notDeepEqual(forceLayout(g, 8), p);
  assert.equal(p.size, 10);
  for (const [x, y] of p.values()) assert.ok(Number.isFinite(x) && Number.isFinite(y));
  const at = (v: number) => p.get(String(v))!;
  const dist = (a: number, b: number) => Math.hypot(at(a)[0] - at(b)[0], at(a)[1] - at(b)[1]);
  let within = 0,
    across = 0;
  for (let a = 0; a < 10; a++) {
    for (let b = a + 1; b < 10; b++) {
      if (a < 5 === b < 5) within += dist(a, b) / 20;
      else across += dist(a, b) / 25;
    }
  }
  assert.ok(within < across / 2, `mean distance within cliques ${within}, across ${across}`);
  assert.equal(g.getNodeAttribute('0', 'x'), undefined, 'the input graph is left alone');
});

test('edgeLayout lays out the graph its edge list makes', () => {
  const edges = [
    { a: 'u', b: 'p', w: 3 },
    { a: 'u', b: 'q', w: 1 },
    { a: 'p', b: 'c', w: 1 },
    { a: 'u', b: 'p', w: 9 },
  ];
  const g = new Graph({ type: 'undirected' });
  for (const n of ['u', 'p', 'q', 'c']) g.addNode(n);
  g.addEdge('u', 'p', { weight: 3 });
  g.addEdge('u', 'q', { weight: 1 });
  g.addEdge('p', 'c', { weight: 1 });
  assert.deepEqual(edgeLayout(edges, 4), forceLayout(g, 4));
});
