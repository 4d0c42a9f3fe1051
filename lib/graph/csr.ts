import type { EdgeList } from './edges';

/**
 * Compressed sparse rows of the symmetric graph: the neighbours of node v are
 * `indices[indptr[v] … indptr[v+1])`, in edge-list order (deterministic), each arc carrying its
 * edge's kind, weight, last engagement time and `edge` (its row in the EdgeList). Every undirected
 * edge appears twice.
 */
export interface Csr {
  nodeCount: number;
  indptr: Uint32Array;
  indices: Uint32Array;
  edge: Uint32Array;
  weight: Float32Array;
  kind: Uint8Array;
  time: Float64Array;
}

/**
 * Builds the CSR from an EdgeList with one counting sort: a degree count, a prefix sum, then one
 * pass over the edges writing both arcs of each. No per-edge objects and no comparison sort:
 * O(E + N), and the reads are sequential (EdgeList rows are grouped by user, so most row writes
 * are too).
 */
export function toCsr(edges: EdgeList): Csr {
  const n = edges.nodes.count;
  const E = edges.count;
  const { src, dst, weight: ew, kind: ek, lastTime: et } = edges;
  const arcs = 2 * E;
  const indptr = new Uint32Array(n + 1);
  for (let e = 0; e < E; e++) {
    indptr[src[e] + 1]++;
    indptr[dst[e] + 1]++;
  }
  for (let v = 0; v < n; v++) indptr[v + 1] += indptr[v];
  const fill = indptr.slice(0, n);
  const indices = new Uint32Array(arcs);
  const edge = new Uint32Array(arcs);
  const weight = new Float32Array(arcs);
  const kind = new Uint8Array(arcs);
  const time = new Float64Array(arcs);
  for (let e = 0; e < E; e++) {
    const s = src[e];
    const d = dst[e];
    const w = ew[e];
    const k = ek[e];
    const t = et[e];
    let p = fill[s]++;
    indices[p] = d;
    edge[p] = e;
    weight[p] = w;
    kind[p] = k;
    time[p] = t;
    p = fill[d]++;
    indices[p] = s;
    edge[p] = e;
    weight[p] = w;
    kind[p] = k;
    time[p] = t;
  }
  return { nodeCount: n, indptr, indices, edge, weight, kind, time };
}

/**
 * The CSR as a PyG-style edge index: arc p carries a message from `src[p]` (the neighbour) to
 * `dst[p]` (the row), Int32 for TF.js gather/segment ops. Both directions of every edge included.
 */
export function csrToEdgeIndex(csr: Csr): { src: Int32Array; dst: Int32Array } {
  const src = Int32Array.from(csr.indices);
  const dst = new Int32Array(csr.indices.length);
  for (let v = 0; v < csr.nodeCount; v++) dst.fill(v, csr.indptr[v], csr.indptr[v + 1]);
  return { src, dst };
}

/** Degree of every node (number of distinct neighbours). */
export function degrees(csr: Csr): Uint32Array {
  const d = new Uint32Array(csr.nodeCount);
  for (let v = 0; v < csr.nodeCount; v++) d[v] = csr.indptr[v + 1] - csr.indptr[v];
  return d;
}
