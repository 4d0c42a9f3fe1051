import { requireFinite, requireInt } from '../errors';
import type { World } from '../data/world/world';
import type { AdRequest, CandidateGenerator } from './types';

/**
 * The context- and user-blind baseline generator: ads ranked by logged clicks before `until`
 * (ties to the lower ad row), the same list for every request.
 */
export class PopularityGenerator implements CandidateGenerator {
  readonly name = 'popularity';
  readonly ranked: Int32Array;

  constructor(world: World, until: number) {
    requireFinite('until', until);
    const { interactions: x, items, ads } = world;
    const clicks = new Float64Array(ads.count);
    for (let r = 0; r < x.count; r++) {
      const a = items.adIndex[x.item[r]];
      if (a >= 0 && x.outcome[r] !== 0 && x.time[r] < until) clicks[a]++;
    }
    this.ranked = Int32Array.from({ length: ads.count }, (_, a) => a).sort((a, b) => clicks[b] - clicks[a] || a - b);
  }

  generate(_request: AdRequest, k: number, out: Int32Array): number {
    requireInt('k', k, 0);
    const n = Math.min(k, this.ranked.length, out.length);
    out.set(this.ranked.subarray(0, n));
    return n;
  }
}
