/**
 * The stages of the ads delivery funnel as interfaces, so generators and rankers of any kind
 * (popularity counts, two-tower embeddings, an MLP, the world's oracle) plug into one simulator.
 * Ads are rows of `World.ads` (0 … A−1), not item ids.
 */

/** One ad request: a user opening a surface at `time`, viewing subject pin `contextItem` (−1 on the home feed). */
export interface AdRequest {
  readonly user: number;
  readonly time: number;
  readonly contextItem: number;
}

/** Candidate retrieval: the best `k` ads for a request, best first. */
export interface CandidateGenerator {
  readonly name: string;
  /** Writes up to k distinct ad rows into out[0 …) and returns how many. */
  generate(request: AdRequest, k: number, out: Int32Array): number;
}

/** Heavyweight ranking: P(click | request, ad) for ads[0 … n), calibrated, each in (0, 1]. */
export interface PctrModel {
  readonly name: string;
  predict(request: AdRequest, ads: Int32Array, n: number, out: Float64Array): void;
}
