import { requireFinite, requireInt } from '../../errors';
import { ItemGram, spmm, type NormalizedBipartite } from '../../linalg/bipartite';
import { topEigen } from '../../linalg/truncated-eig';
import type { Rng } from '../../random/rng';

/**
 * Ego embeddings of a bipartite embedding model started from the graph's spectrum instead of
 * noise. With R̃ = D_U^{-1/2} R D_I^{-1/2} = U Σ Vᵀ truncated to `dim` singular triples,
 *
 *   E⁰_items = α V Σ^{1/2},  E⁰_users = α U Σ^{1/2} = α R̃ V Σ^{-1/2},
 *
 * so E⁰_u · E⁰_i = α² (U Σ Vᵀ)_ui, the best rank-`dim` approximation of R̃. For LightGCN this is a
 * fixed point of the propagation's eigenbasis: Â = [[0, R̃], [R̃ᵀ, 0]] maps [u_c; v_c] to
 * σ_c [u_c; v_c], so the initial scores are a low-pass graph filter (as GF-CF's), and BPR training
 * starts from them rather than from chance. α sets the entries' root mean square to `rms` (default
 * 0.1, the standard deviation of LightGCN's normal initialisation), so Adam's step sizes mean the
 * same as from that start. V comes from `topEigen` on P̃ = R̃ᵀR̃ (needs a TF.js backend).
 *
 * Returns (numUsers + numItems) × dim, users then items, row-major (LightGCN's layout).
 */
export function spectralEmbeddings(
  graph: NormalizedBipartite,
  dim: number,
  rng: Rng,
  options: { rms?: number; iterations?: number; oversample?: number; log?: (line: string) => void } = {},
): Float32Array {
  requireInt('dim', dim, 1);
  const rms = options.rms ?? 0.1;
  requireFinite('rms', rms, 0);
  const gram = new ItemGram(graph);
  const U = gram.numUsers,
    n = gram.numItems;
  const eig = topEigen((x, b, out) => gram.apply(x, b, out), n, dim, rng, {
    iterations: options.iterations,
    oversample: options.oversample,
    log: options.log,
  });
  // Items: V Σ^{1/2} (σ = √λ); users: R̃ (V Σ^{-1/2}). A zero singular value leaves its column at 0.
  const items = new Float32Array(n * dim),
    scaled = new Float32Array(n * dim);
  for (let c = 0; c < dim; c++) {
    const sigma = Math.sqrt(Math.max(eig.values[c], 0));
    const up = Math.sqrt(sigma),
      down = sigma > 0 ? 1 / Math.sqrt(sigma) : 0;
    for (let i = 0; i < n; i++) {
      const v = eig.vectors[c * n + i];
      items[i * dim + c] = v * up;
      scaled[i * dim + c] = v * down;
    }
  }
  const out = new Float32Array((U + n) * dim);
  spmm(graph.byUser, scaled, dim, out.subarray(0, U * dim));
  out.set(items, U * dim);
  let sq = 0;
  for (let k = 0; k < out.length; k++) sq += out[k] * out[k];
  const alpha = sq > 0 ? rms / Math.sqrt(sq / out.length) : 0;
  for (let k = 0; k < out.length; k++) out[k] *= alpha;
  return out;
}
