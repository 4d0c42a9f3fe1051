import type { ImplicitSplit } from '../../data/types';
import { requireFinite, requireInt } from '../../errors';
import type { Rng } from '../../random/rng';
import { EmbeddingScores } from '../../retrieval/embedding-scores';
import type { ScoreSource } from '../../retrieval/topk';
import { normalizedBipartite, spmm, type NormalizedBipartite } from '../../linalg/bipartite';
import { topEigen } from '../../linalg/truncated-eig';

export interface GfCfOptions {
  /** Rank of the ideal low-pass filter (default 256, as the paper's code for Gowalla). */
  readonly rank?: number;
  /** Weight α of the ideal low-pass term (default 0.3). */
  readonly alpha?: number;
  /** Subspace iterations for the top singular vectors (default 12). */
  readonly iterations?: number;
  readonly log?: (line: string) => void;
}

/**
 * GF-CF (Shen et al., CIKM 2021, "How Powerful is Graph Convolution for Recommendation?"): a
 * training-free graph filter. With R̃ = D_U^{-1/2} R D_I^{-1/2} and V the top-`rank` right singular
 * vectors of R̃ (eigenvectors of P̃ = R̃ᵀR̃), user u with interaction row r_u scores items by
 *
 *   s_u = r_u P̃ + α · r_u D_I^{-1/2} V Vᵀ D_I^{1/2}
 *
 * (a linear low-pass filter plus an ideal low-pass filter). The linear term is computed exactly
 * and sparsely: w = R̃ r_uᵀ over users, then s = Σ_v w_v R̃_v (two-hop accumulation, no dense
 * item–item matrix); the ideal term is a rank-`rank` product u_f · i_fᵀ with
 * u_f = r_u D_I^{-1/2} V and i_f = D_I^{1/2} V, done by TF.js matMul.
 * The only "fitting" is the truncated eigendecomposition; call `await chooseBackend()` first.
 */
export class GfCf implements ScoreSource {
  readonly name = 'GF-CF';
  readonly numUsers: number;
  readonly numItems: number;
  readonly graph: NormalizedBipartite;
  readonly eigenvalues: Float64Array;
  private readonly alpha: number;
  private readonly ideal: EmbeddingScores;
  private readonly w: Float32Array;
  private readonly touched: Int32Array;

  constructor(
    readonly split: ImplicitSplit,
    rng: Rng,
    options: GfCfOptions = {},
  ) {
    const rank = options.rank ?? 256;
    this.alpha = options.alpha ?? 0.3;
    requireInt('rank', rank, 1);
    requireFinite('alpha', this.alpha);
    this.numUsers = split.numUsers;
    this.numItems = split.numItems;
    const g = (this.graph = normalizedBipartite(split.train, split.numItems));
    const tmp = new Float32Array(split.numUsers * (rank + 64));
    // P̃ X = R̃ᵀ (R̃ X): two sparse products through the user side.
    const apply = (x: Float32Array, b: number, out: Float32Array) => {
      spmm(g.byUser, x, b, tmp.subarray(0, split.numUsers * b));
      spmm(g.byItem, tmp.subarray(0, split.numUsers * b), b, out);
    };
    const eig = topEigen(apply, split.numItems, rank, rng, { iterations: options.iterations, log: options.log });
    this.eigenvalues = eig.values;
    // i_f = D_I^{1/2} V and u_f = r_u D_I^{-1/2} V, both row-major with `rank` columns.
    const n = split.numItems;
    const itemF = new Float32Array(n * rank);
    const scaledV = new Float32Array(n * rank);
    for (let c = 0; c < rank; c++) {
      for (let i = 0; i < n; i++) {
        const v = eig.vectors[c * n + i];
        const d = g.itemDegree[i];
        itemF[i * rank + c] = Math.sqrt(d) * v;
        scaledV[i * rank + c] = d > 0 ? v / Math.sqrt(d) : 0;
      }
    }
    const binary = { ...g.byUser, vals: new Float32Array(g.byUser.ids.length).fill(1) };
    const userF = new Float32Array(split.numUsers * rank);
    spmm(binary, scaledV, rank, userF);
    this.ideal = new EmbeddingScores(userF, itemF, rank, 'tf');
    this.w = new Float32Array(split.numUsers);
    this.touched = new Int32Array(split.numUsers);
  }

  scoreBlock(users: Int32Array, out: Float32Array): void {
    const n = this.numItems;
    this.ideal.scoreBlock(users, out);
    const a = this.alpha;
    for (let j = 0; j < users.length * n; j++) out[j] *= a;
    const { byUser, byItem } = this.graph;
    const w = this.w,
      touched = this.touched;
    for (let r = 0; r < users.length; r++) {
      const u = users[r];
      let nt = 0;
      // w_v = Σ_{i ∈ R_u} R̃_vi (r_u is binary).
      for (let j = byUser.offsets[u]; j < byUser.offsets[u + 1]; j++) {
        const i = byUser.ids[j];
        for (let k = byItem.offsets[i]; k < byItem.offsets[i + 1]; k++) {
          const v = byItem.ids[k];
          if (w[v] === 0) touched[nt++] = v;
          w[v] += byItem.vals[k];
        }
      }
      const base = r * n;
      for (let t = 0; t < nt; t++) {
        const v = touched[t];
        const wv = w[v];
        w[v] = 0;
        for (let k = byUser.offsets[v]; k < byUser.offsets[v + 1]; k++)
          out[base + byUser.ids[k]] += wv * byUser.vals[k];
      }
    }
  }

  dispose(): void {
    this.ideal.dispose();
  }
}
