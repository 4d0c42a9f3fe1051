import type { RowSets } from '../metrics/ranking';

/** A sparse matrix in CSR form with Float32 values. */
export interface SparseMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly offsets: Int32Array;
  readonly ids: Int32Array;
  readonly vals: Float32Array;
}

/**
 * The symmetric-normalised interaction matrix R̃ = D_U^{-1/2} R D_I^{-1/2}
 * (R̃_ui = 1 / √(deg u · deg i) for each training pair), stored both ways: `byUser` (users × items)
 * and `byItem` (= R̃ᵀ, items × users). It is the off-diagonal block of LightGCN's
 * Â = D^{-1/2} A D^{-1/2}, A = [[0, R], [Rᵀ, 0]], and the matrix GF-CF filters with.
 */
export interface NormalizedBipartite {
  readonly byUser: SparseMatrix;
  readonly byItem: SparseMatrix;
  readonly userDegree: Float32Array;
  readonly itemDegree: Float32Array;
}

export function normalizedBipartite(train: RowSets, numItems: number): NormalizedBipartite {
  const numUsers = train.offsets.length - 1;
  const nnz = train.ids.length;
  const du = new Float32Array(numUsers);
  const di = new Float32Array(numItems);
  for (let u = 0; u < numUsers; u++) du[u] = train.offsets[u + 1] - train.offsets[u];
  for (let j = 0; j < nnz; j++) di[train.ids[j]]++;
  const valsU = new Float32Array(nnz);
  for (let u = 0; u < numUsers; u++) {
    for (let j = train.offsets[u]; j < train.offsets[u + 1]; j++) valsU[j] = 1 / Math.sqrt(du[u] * di[train.ids[j]]);
  }
  // Transpose by counting sort on item id (users stay ascending within each item row).
  const offI = new Int32Array(numItems + 1);
  for (let i = 0; i < numItems; i++) offI[i + 1] = offI[i] + di[i];
  const fill = offI.slice(0, numItems);
  const idsI = new Int32Array(nnz);
  const valsI = new Float32Array(nnz);
  for (let u = 0; u < numUsers; u++) {
    for (let j = train.offsets[u]; j < train.offsets[u + 1]; j++) {
      const p = fill[train.ids[j]]++;
      idsI[p] = u;
      valsI[p] = valsU[j];
    }
  }
  return {
    byUser: { rows: numUsers, cols: numItems, offsets: train.offsets, ids: train.ids, vals: valsU },
    byItem: { rows: numItems, cols: numUsers, offsets: offI, ids: idsI, vals: valsI },
    userDegree: du,
    itemDegree: di,
  };
}

/**
 * out = M · X for CSR M (rows × cols) and row-major dense X (cols × dim): each output row is the
 * value-weighted sum of the X rows its nonzeros point at (2·nnz·dim flops, memory-bound).
 * `accumulate` adds instead of overwriting.
 */
export function spmm(m: SparseMatrix, x: Float32Array, dim: number, out: Float32Array, accumulate = false): void {
  const { offsets, ids, vals } = m;
  if (!accumulate) out.fill(0, 0, m.rows * dim);
  for (let r = 0; r < m.rows; r++) {
    const o = r * dim;
    for (let j = offsets[r]; j < offsets[r + 1]; j++) {
      const w = vals[j];
      const xo = ids[j] * dim;
      for (let t = 0; t < dim; t++) out[o + t] += w * x[xo + t];
    }
  }
}
