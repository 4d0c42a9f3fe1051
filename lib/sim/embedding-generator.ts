import { PinlabInputError, requireInt } from '../errors';
import { TopKSelector } from '../retrieval/select';
import type { AdRequest, CandidateGenerator } from './types';

/** Maps a request to its query embedding at serving time (e.g. stored history embedding + context through an MLP). */
export interface QueryEncoder {
  readonly dim: number;
  encode(request: AdRequest, out: Float32Array): void;
}

/**
 * Two-tower retrieval as a candidate generator: exact top-k of q · e_a over every ad (q from the
 * request's `QueryEncoder`, e_a the ad tower's embeddings, row-major A × dim), selected with a
 * heap (ties to the lower ad row). Buffers are allocated once; `generate` allocates nothing
 * (the selector is rebuilt only when k grows).
 */
export class EmbeddingGenerator implements CandidateGenerator {
  readonly numAds: number;
  private readonly q: Float32Array;
  private readonly scores: Float32Array;
  private selector: TopKSelector | null = null;
  private topScores = new Float32Array(0);

  constructor(
    readonly name: string,
    readonly encoder: QueryEncoder,
    readonly adEmbeddings: Float32Array,
  ) {
    requireInt('encoder.dim', encoder.dim, 1);
    if (adEmbeddings.length % encoder.dim !== 0)
      throw new PinlabInputError(
        'adEmbeddings',
        `length ${adEmbeddings.length} is not a multiple of dim ${encoder.dim}`,
      );
    this.numAds = adEmbeddings.length / encoder.dim;
    this.q = new Float32Array(encoder.dim);
    this.scores = new Float32Array(this.numAds);
  }

  generate(request: AdRequest, k: number, out: Int32Array): number {
    requireInt('k', k, 1);
    const n = Math.min(k, this.numAds);
    if (out.length < n) throw new PinlabInputError('out', `has room for ${out.length} candidates, need ${n}`);
    if (!this.selector || this.selector.k !== n) {
      this.selector = new TopKSelector(n);
      this.topScores = new Float32Array(n);
    }
    const d = this.encoder.dim;
    const q = this.q;
    this.encoder.encode(request, q);
    const e = this.adEmbeddings;
    for (let a = 0, o = 0; a < this.numAds; a++, o += d) {
      let s = 0;
      for (let t = 0; t < d; t++) s += q[t] * e[o + t];
      this.scores[a] = s;
    }
    this.selector.select(this.scores, 0, this.numAds, out, this.topScores, 0);
    return n;
  }
}
