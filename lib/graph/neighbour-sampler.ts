import { PinlabInputError, requireInt } from '../errors';
import type { Rng } from '../random/rng';

/**
 * Directed edges grouped by destination (compressed sparse columns): the edges into node v are
 * `edge[indptr[v] … indptr[v+1])`, in input order, with sources `source[…]`. Message passing reads
 * a node's in-edges, so a neighbourhood sample draws from these.
 */
export interface InEdges {
  readonly numNodes: number;
  readonly indptr: Int32Array;
  readonly source: Int32Array;
  /** Index of each arc in the edge list it was built from (to gather per-edge features). */
  readonly edge: Int32Array;
}

/** Builds InEdges from an edge list (messages flow src[e] → dst[e]) with one counting sort, checking every index. */
export function inEdges(src: Int32Array, dst: Int32Array, numNodes: number): InEdges {
  requireInt('numNodes', numNodes, 1);
  if (src.length !== dst.length)
    throw new PinlabInputError('dst', `length ${dst.length} must equal src's length ${src.length}`);
  const indptr = new Int32Array(numNodes + 1);
  for (let e = 0; e < src.length; e++) {
    if (!(src[e] >= 0 && src[e] < numNodes)) throw new PinlabInputError('src', `must be in [0, ${numNodes})`, e);
    if (!(dst[e] >= 0 && dst[e] < numNodes)) throw new PinlabInputError('dst', `must be in [0, ${numNodes})`, e);
    indptr[dst[e] + 1]++;
  }
  for (let v = 0; v < numNodes; v++) indptr[v + 1] += indptr[v];
  const fill = indptr.slice(0, numNodes);
  const source = new Int32Array(src.length);
  const edge = new Int32Array(src.length);
  for (let e = 0; e < src.length; e++) {
    const p = fill[dst[e]]++;
    source[p] = src[e];
    edge[p] = e;
  }
  return { numNodes, indptr, source, edge };
}

/**
 * A sampled block (PyG's sampler output): `nodes` maps local ids to global ones, the seeds first
 * (deduplicated, in order of first appearance), then each hop's new nodes; `src`/`dst` are the
 * sampled edges in local ids, `edge` their index in the full edge list.
 */
export interface NeighbourSample {
  readonly nodes: Int32Array;
  /** Local id of each input seed (seeds may repeat; they share a node). */
  readonly seedLocal: Int32Array;
  /** Nodes added per hop, the seeds being hop 0 (PyG's num_sampled_nodes). */
  readonly nodesPerHop: number[];
  readonly src: Int32Array;
  readonly dst: Int32Array;
  readonly edge: Int32Array;
  /** Edges sampled per hop (PyG's num_sampled_edges). */
  readonly edgesPerHop: number[];
}

/** Degrees up to this sample through a dense scratch permutation (resetting it costs less than a map's updates). */
const DENSE_DEGREE = 512;

/** `a`'s first `a.length` entries in a new array of at least `need` (doubling). */
function grown(a: Int32Array, need: number): Int32Array {
  const b = new Int32Array(Math.max(need, 2 * a.length));
  b.set(a);
  return b;
}

/**
 * k-hop fan-out sampling, as PyG's NeighborSampler (directed, without replacement): hop h gives
 * each node first reached at hop h − 1 at most `fanout[h]` of its in-edges (−1: all of them),
 * drawn uniformly without replacement; their sources not yet in the block join it for the next
 * hop. A K-layer GNN on the block then sees, for each seed, a sample of its K-hop neighbourhood.
 * Deterministic for a given `rng` state.
 */
export function sampleNeighbours(g: InEdges, seeds: Int32Array, fanout: readonly number[], rng: Rng): NeighbourSample {
  if (fanout.length === 0) throw new PinlabInputError('fanout', 'must list at least one hop');
  fanout.forEach((f, h) => {
    if (!(Number.isInteger(f) && (f >= 1 || f === -1)))
      throw new PinlabInputError('fanout', `must be a positive integer or -1, got ${f}`, h);
  });
  // Global → local ids (−1: not in the block yet). A typed array over all nodes: at the seed's
  // scale a Map here cost as much as the rest of the sampler.
  const local = new Int32Array(g.numNodes).fill(-1);
  let nodes = new Int32Array(Math.max(64, 4 * seeds.length));
  let count = 0;
  const join = (v: number): number => {
    let id = local[v];
    if (id < 0) {
      id = count++;
      local[v] = id;
      if (id === nodes.length) nodes = grown(nodes, id + 1);
      nodes[id] = v;
    }
    return id;
  };
  const seedLocal = new Int32Array(seeds.length);
  for (let k = 0; k < seeds.length; k++) {
    const v = seeds[k];
    if (!(Number.isInteger(v) && v >= 0 && v < g.numNodes))
      throw new PinlabInputError('seeds', `must be node ids in [0, ${g.numNodes}), got ${v}`, k);
    seedLocal[k] = join(v);
  }
  const nodesPerHop = [count];
  const edgesPerHop: number[] = [];
  let src = new Int32Array(0);
  let dst = new Int32Array(0);
  let edge = new Int32Array(0);
  let edges = 0;
  let frontier = [0, count];
  // Partial Fisher–Yates over a node's in-edge offsets 0 … deg − 1: a dense scratch permutation for
  // small degrees, and for large ones (categories, popular items, which every hop reaches) a map of
  // only the displaced entries, O(take) instead of O(deg). Both make the same draws, so the same sample.
  let perm = new Int32Array(DENSE_DEGREE);
  const displaced = new Map<number, number>();
  for (const f of fanout) {
    const before = edges;
    for (let i = frontier[0]; i < frontier[1]; i++) {
      const v = nodes[i];
      const lo = g.indptr[v];
      const deg = g.indptr[v + 1] - lo;
      const take = f === -1 ? deg : Math.min(f, deg);
      const need = edges + take;
      if (need > src.length) [src, dst, edge] = [grown(src, need), grown(dst, need), grown(edge, need)];
      const dense = deg <= DENSE_DEGREE || 4 * take >= deg;
      if (dense) {
        if (deg > perm.length) perm = new Int32Array(deg);
        for (let k = 0; k < deg; k++) perm[k] = k;
      } else displaced.clear();
      for (let k = 0; k < take; k++) {
        const j = k + rng.int(deg - k);
        let p: number;
        if (dense) {
          p = perm[j];
          perm[j] = perm[k];
        } else {
          p = displaced.get(j) ?? j;
          displaced.set(j, displaced.get(k) ?? k);
        }
        const at = lo + p;
        src[edges] = join(g.source[at]);
        dst[edges] = i;
        edge[edges++] = g.edge[at];
      }
    }
    edgesPerHop.push(edges - before);
    nodesPerHop.push(count - frontier[1]);
    frontier = [frontier[1], count];
  }
  return {
    nodes: nodes.slice(0, count),
    seedLocal,
    nodesPerHop,
    src: src.slice(0, edges),
    dst: dst.slice(0, edges),
    edge: edge.slice(0, edges),
    edgesPerHop,
  };
}
