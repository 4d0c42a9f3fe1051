import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateWorld } from '../../lib/data/world/generate';
import { Pool } from '../../lib/data/world/oracle';
import { sampleEngagedRequests } from '../../lib/data/world/bayes';
import { PinlabInputError } from '../../lib/errors';
import { Rng } from '../../lib/random/rng';
import {
  evaluateRetrieval,
  OracleGenerator,
  PopularityGenerator,
  recallLift,
  type AdRequest,
  type CandidateGenerator,
} from '../../lib/sim';

const world = generateWorld({ scale: 0.03, seed: 8 });
const H = world.horizon;
const requests = sampleEngagedRequests(world, { from: 0.75 * H, to: H, pool: Pool.ad, limit: 150, rng: new Rng(3) });

/** Puts the request's own target at a fixed rank: the metrics must follow exactly. */
class TargetAtRank implements CandidateGenerator {
  readonly name = 'target-at-rank';
  private i = 0;
  constructor(
    readonly rank: number,
    readonly reqs: typeof requests,
  ) {}
  generate(_q: AdRequest, k: number, out: Int32Array): number {
    const target = world.items.adIndex[this.reqs[this.i++].target];
    let filler = 0;
    for (let r = 0; r < k; r++) {
      if (r === this.rank - 1) out[r] = target;
      else {
        if (filler === target) filler++;
        out[r] = filler++;
      }
    }
    return k;
  }
}

describe('evaluateRetrieval', () => {
  it('reproduces hand-computed Recall, NDCG and MRR for a target at rank 7', () => {
    const e = evaluateRetrieval(world, new TargetAtRank(7, requests), requests, [5, 10], new Rng(1), 50);
    assert.equal(e.atK[0].recall.estimate, 0);
    assert.equal(e.atK[1].recall.estimate, 1);
    assert.ok(Math.abs(e.atK[1].ndcg.estimate - 1 / Math.log2(8)) < 1e-12);
    assert.ok(Math.abs(e.mrr.estimate - 1 / 7) < 1e-12);
  });

  it('the truth-knowing generator beats popularity, with a lift interval above 1', () => {
    const pop = evaluateRetrieval(world, new PopularityGenerator(world, 0.75 * H), requests, [10, 50], new Rng(1), 200);
    const orc = evaluateRetrieval(world, new OracleGenerator(world), requests, [10, 50], new Rng(1), 200);
    assert.ok(orc.atK[0].recall.estimate > pop.atK[0].recall.estimate);
    const lift = recallLift(pop, orc, 10, new Rng(2), 200);
    assert.ok(lift.lower > 1, JSON.stringify(lift));
    assert.ok(
      pop.atK[1].recall.lower <= pop.atK[1].recall.estimate && pop.atK[1].recall.estimate <= pop.atK[1].recall.upper,
    );
  });

  it('rejects cut-offs beyond the inventory and organic targets', () => {
    assert.throws(
      () => evaluateRetrieval(world, new OracleGenerator(world), requests, [world.ads.count + 1], new Rng(1)),
      PinlabInputError,
    );
    const organic = world.items.isAd.indexOf(0);
    assert.throws(
      () =>
        evaluateRetrieval(world, new OracleGenerator(world), [{ ...requests[0], target: organic }], [10], new Rng(1)),
      (e: unknown) => e instanceof PinlabInputError && e.field === 'requests.target' && e.index === 0,
    );
  });
});
