import { requireInt } from '../errors';
import { WorldOracle } from '../data/world/oracle';
import type { World } from '../data/world/world';
import { TopKSelector } from '../retrieval/select';
import type { AdRequest, CandidateGenerator, PctrModel } from './types';

/** The ranker that knows the truth: pCTR = the world's P(engage | user, ad, context, time). An upper bound for any learned ranker. */
export class OraclePctr implements PctrModel {
  readonly name = 'oracle-pctr';
  private readonly oracle: WorldOracle;

  constructor(readonly world: World) {
    this.oracle = new WorldOracle(world);
  }

  predict(request: AdRequest, ads: Int32Array, n: number, out: Float64Array): void {
    for (let k = 0; k < n; k++) {
      out[k] = Math.max(
        1e-9,
        this.oracle.engageProb(request.user, this.world.ads.item[ads[k]], request.time, request.contextItem),
      );
    }
  }
}

/** The generator that knows the truth: the k ads of highest true P(engage) for the request (ties to the lower row). */
export class OracleGenerator implements CandidateGenerator {
  readonly name = 'oracle';
  private readonly oracle: WorldOracle;
  private readonly scores: Float32Array;
  private selector: TopKSelector | null = null;
  private top = new Float32Array(0);

  constructor(readonly world: World) {
    this.oracle = new WorldOracle(world);
    this.scores = new Float32Array(world.ads.count);
  }

  generate(request: AdRequest, k: number, out: Int32Array): number {
    requireInt('k', k, 1);
    const n = Math.min(k, this.scores.length);
    if (!this.selector || this.selector.k !== n) {
      this.selector = new TopKSelector(n);
      this.top = new Float32Array(n);
    }
    const { ads } = this.world;
    for (let a = 0; a < ads.count; a++)
      this.scores[a] = this.oracle.engageLogit(request.user, ads.item[a], request.time, request.contextItem);
    this.selector.select(this.scores, 0, ads.count, out, this.top, 0);
    return n;
  }
}
