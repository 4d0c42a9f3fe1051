import Graph from 'graphology';
import louvain from 'graphology-communities-louvain';
import { density } from 'graphology-metrics/graph/density';
import modularity from 'graphology-metrics/graph/modularity';
import { requireInt } from '../errors';
import { Rng } from '../random/rng';
import type { WorldEdgeAttributes, WorldGraph, WorldNodeAttributes } from './graphology';

/**
 * The engagement graph: users, pins and ads joined by their (weighted) engaged edges only. The
 * category nodes and their membership edges are left out: they would hand the category partition
 * its communities by construction.
 */
export function engagementGraph(graph: WorldGraph): WorldGraph {
  const g: WorldGraph = new Graph<WorldNodeAttributes, WorldEdgeAttributes>({ type: 'undirected' });
  graph.forEachEdge((_edge, attrs, source, target, sourceAttrs, targetAttrs) => {
    if (attrs.kind !== 'engaged') return;
    g.mergeNode(source, sourceAttrs);
    g.mergeNode(target, targetAttrs);
    g.addEdge(source, target, attrs);
  });
  return g;
}

export interface CommunityComparison {
  nodes: number;
  edges: number;
  /** Edges / possible edges (graphology-metrics). */
  density: number;
  /** Weighted modularity of the partition by category (users: main interest). */
  categoryModularity: number;
  /** Weighted modularity of the Louvain partition found on the same graph. */
  louvainModularity: number;
  louvainCommunities: number;
  /** Share of nodes whose category is the most common one in their Louvain community. */
  louvainCategoryPurity: number;
}

/**
 * Compares the category partition of `graph` with the communities Louvain finds in it (weighted
 * by edge weight; Louvain's node order drawn from `seed`, so one seed gives one partition).
 */
export function compareCommunities(graph: WorldGraph, seed: number): CommunityComparison {
  requireInt('seed', seed, 0);
  const rng = new Rng(seed).fork('louvain');
  const found = louvain.detailed(graph, { getEdgeWeight: 'weight', rng: () => rng.next() });
  const categoryModularity = modularity(graph, { getNodeCommunity: 'category', getEdgeWeight: 'weight' });
  // Purity: per community, count its nodes' categories and keep the largest count.
  const counts = new Map<number, Map<string, number>>();
  graph.forEachNode((node, attrs) => {
    const c = found.communities[node];
    const perCategory = counts.get(c) ?? new Map<string, number>();
    perCategory.set(attrs.category, (perCategory.get(attrs.category) ?? 0) + 1);
    counts.set(c, perCategory);
  });
  let agreeing = 0;
  for (const perCategory of counts.values()) agreeing += Math.max(...perCategory.values());
  return {
    nodes: graph.order,
    edges: graph.size,
    density: density(graph),
    categoryModularity,
    louvainModularity: found.modularity,
    louvainCommunities: found.count,
    louvainCategoryPurity: graph.order > 0 ? agreeing / graph.order : 0,
  };
}
