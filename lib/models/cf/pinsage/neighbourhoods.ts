import type { ImplicitSplit } from '../../../data/types';
import type { Csr } from '../../../graph/csr';
import { RandomWalker } from '../../../graph/walks';
import { requireInt } from '../../../errors';
import type { Rng } from '../../../random/rng';

/**
 * The user–item bipartite graph as the graph area's CSR (nodes: users 0..U−1, then items
 * U..U+I−1; unit weights), so PinSage reuses its random walks with restart.
 */
export function bipartiteCsr(split: ImplicitSplit): Csr {
  const U = split.numUsers,
    I = split.numItems,
    E = split.train.ids.length;
  const n = U + I;
  const deg = new Uint32Array(n);
  for (let u = 0; u < U; u++) deg[u] = split.train.offsets[u + 1] - split.train.offsets[u];
  for (let j = 0; j < E; j++) deg[U + split.train.ids[j]]++;
  const indptr = new Uint32Array(n + 1);
  for (let v = 0; v < n; v++) indptr[v + 1] = indptr[v] + deg[v];
  const fill = indptr.slice(0, n);
  const indices = new Uint32Array(2 * E);
  for (let u = 0; u < U; u++) {
    for (let j = split.train.offsets[u]; j < split.train.offsets[u + 1]; j++) {
      const it = U + split.train.ids[j];
      indices[fill[u]++] = it;
      indices[fill[it]++] = u;
    }
  }
  return {
    nodeCount: n,
    indptr,
    indices,
    edge: Uint32Array.from({ length: 2 * E }, (_, p) => p),
    weight: new Float32Array(2 * E).fill(1),
    kind: new Uint8Array(2 * E),
    time: new Float64Array(2 * E),
  };
}

export interface PinSageNeighbourhoods {
  /** T importance neighbours per node (node ids in the stacked layout), row-major N × T. */
  readonly nodes: Int32Array;
  /** Their pooling weights (normalised visit counts; 0 pads rows with fewer than T). */
  readonly weights: Float32Array;
  readonly T: number;
}

/**
 * PinSage's importance neighbourhoods on the bipartite graph: for every node, random walks with
 * restart (lib/graph's RandomWalker) and the top-T *items* by visit count, weighted by normalised
 * counts. Counting only items mirrors PinSage's pin–board graph, where a pin's neighbours are pins
 * reached through boards: here an item's neighbours are items reached through users, and a user's
 * are the items its walks hit most (its own and 3-hop items).
 */
export function pinsageNeighbourhoods(
  split: ImplicitSplit,
  csr: Csr,
  T: number,
  rng: Rng,
  options: { steps?: number; restart?: number } = {},
): PinSageNeighbourhoods {
  requireInt('T', T, 1);
  const U = split.numUsers,
    n = csr.nodeCount;
  const isItem = new Uint8Array(n).fill(1, U);
  const walker = new RandomWalker(
    csr,
    { steps: options.steps ?? 400, restart: options.restart ?? 0.5, weighted: false },
    isItem,
  );
  const nodes = new Int32Array(n * T);
  const weights = new Float32Array(n * T);
  const cand = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    // Top-T selection on a copy: RandomWalker.importance() filters its shared `touched` buffer in
    // place, which leaves filtered nodes' counts un-reset for the next source (reported upstream).
    const { counts, touched } = walker.visit(v, rng);
    let m = 0;
    for (let k = 0; k < touched.length; k++) if (touched[k] !== v && isItem[touched[k]]) cand[m++] = touched[k];
    const top = cand.subarray(0, m).sort((a, b) => counts[b] - counts[a] || a - b);
    const kept = Math.min(T, m);
    let total = 0;
    for (let t = 0; t < kept; t++) total += counts[top[t]];
    for (let t = 0; t < T; t++) {
      // Pads point at the node itself with weight 0 (contributes nothing, keeps ids valid).
      nodes[v * T + t] = t < kept ? top[t] : v;
      weights[v * T + t] = t < kept ? counts[top[t]] / total : 0;
    }
  }
  return { nodes, weights, T };
}

/**
 * Curriculum hard negatives (PinSage: items ranked 2000–5000 by personalised PageRank from the
 * query; here the band is scaled to the catalogue): per user, items ranked [from, to) by random-walk
 * visit count after removing the user's training items, `perUser` of them kept (evenly spaced over
 * the band; fewer when the walks reach fewer items). Returns row-major U × perUser (−1 pads).
 */
export function pprHardNegatives(
  split: ImplicitSplit,
  csr: Csr,
  rng: Rng,
  options: { from?: number; to?: number; perUser?: number; steps?: number } = {},
): { items: Int32Array; perUser: number } {
  const from = options.from ?? 200,
    to = options.to ?? 1000,
    per = options.perUser ?? 16;
  const U = split.numUsers;
  const isItem = new Uint8Array(csr.nodeCount).fill(1, U);
  const walker = new RandomWalker(csr, { steps: options.steps ?? 3000, restart: 0.3, weighted: false }, isItem);
  const out = new Int32Array(U * per).fill(-1);
  const own = new Int32Array(split.numItems).fill(-1);
  for (let u = 0; u < U; u++) {
    for (let j = split.train.offsets[u]; j < split.train.offsets[u + 1]; j++) own[split.train.ids[j]] = u;
    const { counts, touched } = walker.visit(u, rng);
    const cand: number[] = [];
    for (let k = 0; k < touched.length; k++) {
      const v = touched[k];
      if (v >= U && own[v - U] !== u) cand.push(v);
    }
    cand.sort((a, b) => counts[b] - counts[a] || a - b);
    const hi = Math.min(to, cand.length);
    const lo = Math.min(from, Math.max(0, hi - per));
    const span = hi - lo;
    for (let t = 0; t < per && t < span; t++)
      out[u * per + t] = cand[lo + Math.floor((t * span) / Math.min(per, span))] - U;
  }
  return { items: out, perUser: per };
}
