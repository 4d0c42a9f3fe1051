import { requireInt } from '../../errors';
import { spmm, type ItemGram } from '../../linalg/bipartite';
import { topEigen } from '../../linalg/truncated-eig';
import type { Rng } from '../../random/rng';

/**
 * GF-CF's ideal low-pass filter in factored form. With V the top-`rank` eigenvectors of P̃ = R̃ᵀR̃
 * (right singular vectors of R̃), user u's filtered row r_u D_I^{-1/2} V Vᵀ D_I^{1/2} is
 * `userF[u] · itemF[i]` with userF = R D_I^{-1/2} V (R binary) and itemF = D_I^{1/2} V, both
 * row-major with `rank` columns. GF-CF and BSPM share it.
 */
export interface IdealLowPass {
  readonly rank: number;
  /** Eigenvalues of P̃ for V's columns, descending. */
  readonly eigenvalues: Float64Array;
  readonly userF: Float32Array;
  readonly itemF: Float32Array;
}

/** The ideal low-pass factors of `gram` at `rank`, V by block subspace iteration (needs a TF.js backend). */
export function idealLowPass(
  gram: ItemGram,
  rank: number,
  rng: Rng,
  options: { iterations?: number; oversample?: number; log?: (line: string) => void } = {},
): IdealLowPass {
  requireInt('rank', rank, 1);
  const g = gram.graph;
  const n = gram.numItems;
  const eig = topEigen((x, b, out) => gram.apply(x, b, out), n, rank, rng, options);
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
  const userF = new Float32Array(gram.numUsers * rank);
  spmm(binary, scaledV, rank, userF);
  return { rank, eigenvalues: eig.values, userF, itemF };
}
