import type { ImplicitSplit } from '../../data/types';
import { requireFinite, requireInt } from '../../errors';
import type { Rng } from '../../random/rng';
import { EmbeddingScores } from '../../retrieval/embedding-scores';
import type { ScoreSource } from '../../retrieval/topk';
import { ItemGram, normalizedBipartite, type NormalizedBipartite } from '../../linalg/bipartite';
import { idealLowPass } from './ideal-low-pass';

export interface GfCfOptions {
  /** Rank of the ideal low-pass filter (default 256, as the paper's code for Gowalla). */
  readonly rank?: number;
  /** Weight α of the ideal low-pass term (default 0.3). */
  readonly alpha?: number;
  /** Subspace iterations for the top singular vectors (default 12). */
  readonly iterations?: number;
  /** Oversampling of the eigensolver's block (default 64). */
  readonly oversample?: number;
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
 * and sparsely (`ItemGram.addBinaryRow`: two-hop accumulation, no dense item–item matrix); the ideal
 * term is a rank-`rank` product u_f · i_fᵀ (`idealLowPass`), done by TF.js matMul.
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
  private readonly gram: ItemGram;

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
    this.gram = new ItemGram(g);
    const ideal = idealLowPass(this.gram, rank, rng, {
      iterations: options.iterations,
      oversample: options.oversample,
      log: options.log,
    });
    this.eigenvalues = ideal.eigenvalues;
    this.ideal = new EmbeddingScores(ideal.userF, ideal.itemF, rank, 'tf');
  }

  scoreBlock(users: Int32Array, out: Float32Array): void {
    const n = this.numItems;
    this.ideal.scoreBlock(users, out);
    const a = this.alpha;
    for (let j = 0; j < users.length * n; j++) out[j] *= a;
    for (let r = 0; r < users.length; r++) this.gram.addBinaryRow(users[r], 1, out, r * n, 1);
  }

  dispose(): void {
    this.ideal.dispose();
  }
}
