import { requireInt } from '../errors';
import type { Rng } from '../random/rng';
import { PositionAuctionEngine } from './engine';
import { eosBidsInto } from './eos';
import { expectedRevenue, firstPriceBidFunction, type SymmetricSetting } from './symmetric';

export type ComparedMechanism = 'gsp-truthful' | 'gsp-eos' | 'vcg' | 'first-price';
export const COMPARED_MECHANISMS: readonly ComparedMechanism[] = ['gsp-truthful', 'gsp-eos', 'vcg', 'first-price'];

export interface RevenueEstimate {
  mean: number;
  /** Standard error of the mean (sample standard deviation / √rounds). */
  stdErr: number;
}

export interface RevenueComparisonInput extends SymmetricSetting {
  slotCtrs: number[];
  rounds: number;
  rng: Rng;
}

export interface RevenueComparison {
  rounds: number;
  /** Myerson's expected revenue of the efficient mechanisms with this reserve (`expectedRevenue`). */
  analytic: number;
  /** Mean revenue per auction. */
  revenue: Record<ComparedMechanism, RevenueEstimate>;
  /** Paired per-auction difference from VCG (same values): a much tighter test of equivalence. */
  minusVcg: Record<ComparedMechanism, RevenueEstimate>;
}

/** Welford running mean and variance. */
class Running {
  n = 0;
  mean = 0;
  private m2 = 0;
  add(x: number): void {
    this.n++;
    const d = x - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (x - this.mean);
  }
  estimate(): RevenueEstimate {
    return { mean: this.mean, stdErr: this.n > 1 ? Math.sqrt(this.m2 / (this.n - 1) / this.n) : NaN };
  }
}

/**
 * Monte Carlo revenue of four position-auction formats on common random values (each round
 * draws `bidders` i.i.d. values once and runs every format on them):
 * GSP with truthful bids, GSP at the EOS envy-free equilibrium, VCG (truthful), and first-price
 * (pay-your-bid) with the symmetric equilibrium shading. Revenue equivalence predicts the last
 * three agree in expectation with `analytic`; GSP-truthful is not an equilibrium and earns more.
 */
export function compareRevenue(input: RevenueComparisonInput, onProgress?: (done: number) => void): RevenueComparison {
  requireInt('rounds', input.rounds, 2);
  const analytic = expectedRevenue(input);
  const shade = firstPriceBidFunction(input);
  const n = input.bidders;
  const reserve = input.reserve ?? 0;
  const values = new Float64Array(n);
  const bids = new Float64Array(n);
  const engine = new PositionAuctionEngine();
  const revenue = {
    'gsp-truthful': new Running(),
    'gsp-eos': new Running(),
    vcg: new Running(),
    'first-price': new Running(),
  };
  const minusVcg = {
    'gsp-truthful': new Running(),
    'gsp-eos': new Running(),
    vcg: new Running(),
    'first-price': new Running(),
  };
  const round = new Float64Array(4);
  const every = Math.max(1, Math.floor(input.rounds / 100));
  for (let r = 0; r < input.rounds; r++) {
    for (let i = 0; i < n; i++) values[i] = input.dist.sample(input.rng);
    engine.run('gsp', values, input.slotCtrs, undefined, reserve);
    round[0] = engine.revenue;
    eosBidsInto(engine, values, input.slotCtrs, bids, undefined, reserve);
    round[2] = engine.revenue; // eosBidsInto leaves the truthful VCG outcome in the engine
    engine.run('gsp', bids, input.slotCtrs, undefined, reserve);
    round[1] = engine.revenue;
    for (let i = 0; i < n; i++) bids[i] = shade(values[i]);
    engine.run('first-price', bids, input.slotCtrs, undefined, reserve);
    round[3] = engine.revenue;
    COMPARED_MECHANISMS.forEach((m, k) => {
      revenue[m].add(round[k]);
      minusVcg[m].add(round[k] - round[2]);
    });
    if (onProgress && (r + 1) % every === 0) onProgress(r + 1);
  }
  const pick = (acc: Record<ComparedMechanism, Running>) =>
    Object.fromEntries(COMPARED_MECHANISMS.map((m) => [m, acc[m].estimate()])) as Record<
      ComparedMechanism,
      RevenueEstimate
    >;
  return { rounds: input.rounds, analytic, revenue: pick(revenue), minusVcg: pick(minusVcg) };
}
