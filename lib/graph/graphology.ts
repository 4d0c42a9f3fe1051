import Graph from 'graphology';
import type { World } from '../data/world/world';
import { EDGE_KIND_NAMES, NODE_KIND_NAMES, NodeKind, type EdgeList } from './edges';

export interface WorldNodeAttributes {
  kind: (typeof NODE_KIND_NAMES)[number];
  /** Index within its kind: user id, item id or category id. */
  index: number;
  label: string;
  /** Category name for items, ads and categories; main interest for users. */
  category: string;
}

export interface WorldEdgeAttributes {
  kind: (typeof EDGE_KIND_NAMES)[number];
  weight: number;
  engagements: number;
  firstTime: number;
  lastTime: number;
}

export type WorldGraph = Graph<WorldNodeAttributes, WorldEdgeAttributes>;

/** Node key in the graphology graph: the global node id as a string. */
export const nodeKey = (id: number): string => String(id);

/**
 * The heterogeneous graphology graph (undirected, simple) for exploration and drawing: nodes keyed
 * by global id with kind/label attributes; edges with kind, weight, engagement count and times.
 * Models should use `toCsr` instead (no per-edge objects).
 */
export function toGraphology(world: World, edges: EdgeList): WorldGraph {
  const { nodes } = edges;
  const g: WorldGraph = new Graph<WorldNodeAttributes, WorldEdgeAttributes>({
    type: 'undirected',
    multi: false,
    allowSelfLoops: false,
  });
  for (let id = 0; id < nodes.count; id++) {
    const k = nodes.kind[id];
    if (k === NodeKind.user) {
      g.addNode(nodeKey(id), {
        kind: 'user',
        index: id,
        label: `user ${id}`,
        category: world.categories[world.users.mainInterest[id]],
      });
    } else if (k === NodeKind.category) {
      const c = id - nodes.categoryOffset;
      g.addNode(nodeKey(id), { kind: 'category', index: c, label: world.categories[c], category: world.categories[c] });
    } else {
      const i = id - nodes.itemOffset;
      g.addNode(nodeKey(id), {
        kind: NODE_KIND_NAMES[k],
        index: i,
        label: `${k === NodeKind.ad ? 'ad' : 'pin'} ${i}`,
        category: world.categories[world.items.category[i]],
      });
    }
  }
  for (let e = 0; e < edges.count; e++) {
    g.addEdge(nodeKey(edges.src[e]), nodeKey(edges.dst[e]), {
      kind: EDGE_KIND_NAMES[edges.kind[e]],
      weight: edges.weight[e],
      engagements: edges.engagements[e],
      firstTime: edges.firstTime[e],
      lastTime: edges.lastTime[e],
    });
  }
  return g;
}
