import { requireInt } from '../errors';
import type { Rng } from '../random/rng';
import { secondPriceAuction } from './position';

/** One row of the Vickrey dominance table: a deviation case and where the best rival bid B falls. */
export interface DominanceRow {
  deviation: 'underbid' | 'overbid';
  /** Where B (the highest competing bid) lies relative to the value v and the deviating bid b. */
  condition: string;
  trials: number;
  /** Largest u(b) − u(v) seen: <= 0 means deviating never helped. */
  maxGain: number;
  /** Mean u(v) − u(b): > 0 where the proof says truth strictly wins. */
  meanLoss: number;
}

/**
 * Checks Vickrey's dominance argument numerically: draws a value v, 1–5 rival bids and a
 * deviating bid b (all U[0, 1]), runs `secondPriceAuction` with b and with v, and files the
 * utility difference under the proof's six cases (under/overbidding × position of the highest
 * rival bid B). Continuous draws make ties (probability 0) irrelevant.
 */
export function vickreyDominanceCheck(rng: Rng, trials: number): DominanceRow[] {
  requireInt('trials', trials, 1);
  const labels = [
    ['underbid', 'B < b < v'],
    ['underbid', 'b < B < v'],
    ['underbid', 'b < v < B'],
    ['overbid', 'B < v < b'],
    ['overbid', 'v < B < b'],
    ['overbid', 'v < b < B'],
  ] as const;
  const rows: DominanceRow[] = labels.map(([deviation, condition]) => ({
    deviation,
    condition,
    trials: 0,
    maxGain: -Infinity,
    meanLoss: 0,
  }));
  const bids: number[] = [];
  for (let t = 0; t < trials; t++) {
    const v = rng.next();
    const b = rng.next();
    const rivals = 1 + rng.int(5);
    bids.length = rivals + 1;
    let B = 0;
    for (let i = 1; i <= rivals; i++) B = Math.max(B, (bids[i] = rng.next()));
    bids[0] = v;
    const truthful = secondPriceAuction(bids);
    bids[0] = b;
    const deviated = secondPriceAuction(bids);
    const uTruth = truthful.winner === 0 ? v - truthful.price : 0;
    const uDev = deviated.winner === 0 ? v - deviated.price : 0;
    const lo = Math.min(b, v);
    const hi = Math.max(b, v);
    const row = rows[(b < v ? 0 : 3) + (B < lo ? 0 : B < hi ? 1 : 2)];
    row.trials++;
    row.maxGain = Math.max(row.maxGain, uDev - uTruth);
    row.meanLoss += (uTruth - uDev - row.meanLoss) / row.trials;
  }
  return rows;
}
