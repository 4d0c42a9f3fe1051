import forceAtlas2 from 'graphology-layout-forceatlas2';
import type { Attributes } from 'graphology-types';
import Graph from 'graphology';
import { requireInt } from '../errors';
import { Rng } from '../random/rng';

/**
 * ForceAtlas2 positions for a small graph to draw: nodes start uniformly in the unit square drawn
 * from `seed` (ForceAtlas2 itself is deterministic), edges pull by their `weight` attribute when
 * there is one, settings inferred from the graph's size. The graph is not modified.
 */
export function forceLayout(graph: Graph, seed: number, iterations = 300): Map<string, [number, number]> {
  requireInt('iterations', iterations, 1);
  const rng = new Rng(seed).fork('layout');
  const g = graph.copy();
  g.forEachNode((node) => g.mergeNodeAttributes(node, { x: rng.next(), y: rng.next() }));
  const positions = forceAtlas2(g, {
    iterations,
    settings: forceAtlas2.inferSettings(g),
    getEdgeWeight: (_edge: string, attrs: Attributes) => (typeof attrs.weight === 'number' ? attrs.weight : 1),
  });
  return new Map(Object.entries(positions).map(([node, p]) => [node, [p.x, p.y]]));
}

/** `forceLayout` of the graph made of `edges` (weight `w`; a repeated pair keeps its first edge). */
export function edgeLayout(
  edges: readonly { a: string; b: string; w: number }[],
  seed: number,
  iterations = 300,
): Map<string, [number, number]> {
  const g = new Graph({ type: 'undirected' });
  for (const { a, b, w } of edges) {
    g.mergeNode(a);
    g.mergeNode(b);
    if (a !== b && !g.hasEdge(a, b)) g.addEdge(a, b, { weight: w });
  }
  return forceLayout(g, seed, iterations);
}
