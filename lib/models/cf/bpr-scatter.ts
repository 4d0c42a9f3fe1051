import { bprLogLoss } from '../../losses/pairwise-ranking';
import { nnzBounds } from '../../linalg/bipartite';
import { evenBounds, parallelFor, sharedScratch, task, threadCount, float64View } from '../../parallel';

/** Triples of a batch: user ids, positive and negative item ids (item ids count from 0). */
export interface Triples {
  users: Int32Array;
  pos: Int32Array;
  neg: Int32Array;
}

/**
 * The BPR part of LightGCN's step on triples [from, to): with x = e_u · (e_i − e_j) over the final
 * embeddings E (rows: users, then items from row `off`) and g = σ(−x) / n (n = to − from),
 *   G_u −= g (e_i − e_j),  G_i −= g e_u,  G_j += g e_u,
 * triple after triple; returns Σ −ln σ(x). At one thread (or on unshared arrays) this is the plain
 * loop. On the pool it runs in two passes with the same arithmetic:
 * 1. per triple (any split): x, g and the loss term into shared scratch; the loss is then summed
 *    in triple order on the calling thread;
 * 2. per row of G (rows split into chunks of equal updates): each row applies its updates in the
 *    plain loop's order (triple order; a row that is both i and j of one triple takes i's first),
 *    found through a counting sort of the 3n updates by row, stable in (triple, role).
 * So every G row and the loss get the same bits at any thread count.
 */
export function bprScatter(
  E: Float32Array,
  G: Float32Array,
  s: Triples,
  from: number,
  to: number,
  off: number,
  dim: number,
): number {
  const threads = threadCount();
  const n = to - from;
  if (threads > 1 && E.buffer instanceof SharedArrayBuffer && G.buffer instanceof SharedArrayBuffer && n > 0)
    return bprScatterPool(E, G, s, from, to, off, dim, threads);
  return bprScatterLoop(E, G, s, from, to, off, dim);
}

function bprScatterLoop(
  E: Float32Array,
  G: Float32Array,
  s: Triples,
  from: number,
  to: number,
  off: number,
  d: number,
): number {
  const inv = 1 / (to - from);
  let loss = 0;
  for (let t = from; t < to; t++) {
    const u = s.users[t] * d,
      i = (off + s.pos[t]) * d,
      j = (off + s.neg[t]) * d;
    let x = 0;
    for (let c = 0; c < d; c++) x += E[u + c] * (E[i + c] - E[j + c]);
    loss += bprLogLoss(x);
    const g = inv / (1 + Math.exp(x));
    for (let c = 0; c < d; c++) {
      G[u + c] -= g * (E[i + c] - E[j + c]);
      G[i + c] -= g * E[u + c];
      G[j + c] += g * E[u + c];
    }
  }
  return loss;
}

function bprScatterPool(
  E: Float32Array,
  G: Float32Array,
  s: Triples,
  from: number,
  to: number,
  off: number,
  dim: number,
  threads: number,
): number {
  const n = to - from;
  const rows = G.length / dim;
  // Row ids of the batch's updates, 3 per triple: (user, positive item, negative item).
  const rowOf = sharedScratch('bpr-row-of', Int32Array, 3 * n);
  for (let k = 0; k < n; k++) {
    rowOf[3 * k] = s.users[from + k];
    rowOf[3 * k + 1] = off + s.pos[from + k];
    rowOf[3 * k + 2] = off + s.neg[from + k];
  }
  // g and the loss terms are doubles, as in the plain loop: 2n float64 on a float32 scratch.
  const scalars32 = sharedScratch('bpr-scalars', Float32Array, 4 * n);
  const args = { E, G, rowOf, dim, inv: 1 / n, n, scalars: scalars32 };
  parallelFor(bprTermsTask, args, n, { threads, bounds: evenBounds(n, 4 * threads) });
  const scalars = float64View(scalars32, 2 * n);
  let loss = 0;
  for (let k = 0; k < n; k++) loss += scalars[n + k];
  // Counting sort of the updates by row (stable: ascending update id within a row).
  const start = sharedScratch('bpr-row-start', Int32Array, rows + 1).fill(0);
  for (let q = 0; q < 3 * n; q++) start[rowOf[q] + 1]++;
  for (let r = 0; r < rows; r++) start[r + 1] += start[r];
  const fill = start.slice(0, rows);
  const updates = sharedScratch('bpr-updates', Int32Array, 3 * n);
  for (let q = 0; q < 3 * n; q++) updates[fill[rowOf[q]]++] = q;
  parallelFor(bprRowsTask, { ...args, start, updates }, rows, { threads, bounds: nnzBounds(start, rows, 4 * threads) });
  return loss;
}

/** Pass 1, triples [lo, hi) of the batch: g into scalars[k], the loss term into scalars[n + k]. */
export const bprTermsTask = task(__filename, 'bprTermsTask', (a, lo, hi) => {
  const E = a.E as Float32Array,
    rowOf = a.rowOf as Int32Array,
    d = a.dim as number,
    n = a.n as number,
    inv = a.inv as number;
  const scalars = float64View(a.scalars as Float32Array, 2 * n);
  for (let k = lo; k < hi; k++) {
    const u = rowOf[3 * k] * d,
      i = rowOf[3 * k + 1] * d,
      j = rowOf[3 * k + 2] * d;
    let x = 0;
    for (let c = 0; c < d; c++) x += E[u + c] * (E[i + c] - E[j + c]);
    scalars[n + k] = bprLogLoss(x);
    scalars[k] = inv / (1 + Math.exp(x));
  }
});

/** Pass 2, rows [lo, hi) of G: each row's updates in order (update q = 3k + role of triple k). */
export const bprRowsTask = task(__filename, 'bprRowsTask', (a, lo, hi) => {
  const E = a.E as Float32Array,
    G = a.G as Float32Array,
    rowOf = a.rowOf as Int32Array,
    start = a.start as Int32Array,
    updates = a.updates as Int32Array,
    d = a.dim as number,
    n = a.n as number;
  const scalars = float64View(a.scalars as Float32Array, 2 * n);
  for (let r = lo; r < hi; r++) {
    const o = r * d;
    for (let p = start[r]; p < start[r + 1]; p++) {
      const q = updates[p];
      const k = (q / 3) | 0;
      const role = q - 3 * k;
      const g = scalars[k];
      const u = rowOf[3 * k] * d,
        i = rowOf[3 * k + 1] * d,
        j = rowOf[3 * k + 2] * d;
      if (role === 0) for (let c = 0; c < d; c++) G[o + c] -= g * (E[i + c] - E[j + c]);
      else if (role === 1) for (let c = 0; c < d; c++) G[o + c] -= g * E[u + c];
      else for (let c = 0; c < d; c++) G[o + c] += g * E[u + c];
    }
  }
});
