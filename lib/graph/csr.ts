import type { EdgeList } from './edges';

/**
 * Compressed sparse rows of the symmetric graph: the neighbours of node v are
 * `indices[indptr[v] … indptr[v+1])`, sorted ascending, each arc carrying its edge's kind, weight,
 * last engagement time and `edge` (its row in the EdgeList). Every undirected edge appears twice.
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
 * Builds the CSR from an EdgeList with two stable counting sorts over the 2E arcs (by column, then
 * by row), so rows come out sorted with no comparison sort and no per-edge objects: O(E + N).
 */
export function toCsr(edges: EdgeList): Csr {
  const n = edges.nodes.count;
  const E = edges.count;
  const { src, dst } = edges;
  const arcs = 2 * E;
  // Arc a < E is src→dst of edge a; arc E + a is its reverse. Loops are split by direction so the
  // hot loops index typed arrays directly.
  const start = new Uint32Array(n + 1);
  for (let e = 0; e < E; e++) {
    start[dst[e] + 1]++;
    start[src[e] + 1]++;
  }
  for (let v = 0; v < n; v++) start[v + 1] += start[v];
  // Rows and columns have the same degree counts (symmetric), so `start` serves both sorts.
  const fill = start.slice(0, n);
  const byCol = new Uint32Array(arcs);
  for (let e = 0; e < E; e++) byCol[fill[dst[e]]++] = e;
  for (let e = 0; e < E; e++) byCol[fill[src[e]]++] = E + e;

  const indices = new Uint32Array(arcs);
  const edge = new Uint32Array(arcs);
  fill.set(start.subarray(0, n));
  for (let k = 0; k < arcs; k++) {
    const a = byCol[k];
    if (a < E) {
      const p = fill[src[a]]++;
      indices[p] = dst[a];
      edge[p] = a;
    } else {
      const e = a - E;
      const p = fill[dst[e]]++;
      indices[p] = src[e];
      edge[p] = e;
    }
  }
  const weight = new Float32Array(arcs);
  const kind = new Uint8Array(arcs);
  const time = new Float64Array(arcs);
  for (let p = 0; p < arcs; p++) {
    const e = edge[p];
    weight[p] = edges.weight[e];
    kind[p] = edges.kind[e];
    time[p] = edges.lastTime[e];
  }
  return { nodeCount: n, indptr: start, indices, edge, weight, kind, time };
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
