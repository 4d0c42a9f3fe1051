import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Graph from 'graphology';
import { parse } from 'graphology-gexf';
import { exportGraph } from '../../lib/graph/gexf';
import { buildEdges } from '../../lib/graph/edges';
import { toGraphology } from '../../lib/graph/graphology';
import { generateWorld } from '../../lib/data/world/generate';

test('exportGraph writes GEXF that reads back as the same graph, atomically', () => {
  const world = generateWorld({ users: 100, items: 500, seed: 2, days: 10 });
  const g = toGraphology(world, buildEdges(world, { halfLifeDays: 14 }));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-gexf-'));
  const file = path.join(dir, 'world.gexf');
  fs.writeFileSync(file, 'an older export');
  exportGraph(g, file);
  assert.deepEqual(fs.readdirSync(dir), ['world.gexf'], 'no temporary file left behind');
  const back = parse(Graph, fs.readFileSync(file, 'utf8'));
  assert.equal(back.order, g.order);
  assert.equal(back.size, g.size);
  assert.equal(back.type, 'undirected');
  g.forEachNode((node, attrs) => {
    const got = back.getNodeAttributes(node);
    assert.deepEqual([got.kind, got.index, got.category], [attrs.kind, attrs.index, attrs.category], node);
  });
  g.forEachEdge((_edge, attrs, source, target) => {
    const got = back.getEdgeAttributes(back.edge(source, target)!);
    assert.equal(got.kind, attrs.kind);
    assert.equal(got.engagements, attrs.engagements);
    assert.ok(Math.abs(got.weight - attrs.weight) <= 1e-6 * Math.max(1, attrs.weight), `${source}–${target} weight`);
  });
  fs.rmSync(dir, { recursive: true });
});
