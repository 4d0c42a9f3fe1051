import { requireInt } from '../errors';
import type { Rng } from '../random/rng';
import { findProfitableDeviation } from './deviation';
import { eosEquilibrium } from './eos';

/** Values of `bidders` bidders drawn uniform on [0, 1), one game after another from `rng`. */
function drawGames(rng: Rng, games: number, bidders: number): number[][] {
  requireInt('games', games, 1);
  requireInt('bidders', bidders, 1);
  return Array.from({ length: games }, () => Array.from({ length: bidders }, () => rng.next()));
}

/** How often truthful bidding is not a best response (see `truthfulnessSurvey`). */
export interface TruthfulnessSurvey {
  games: number;
  gspGamesWithDeviation: number;
  vcgGamesWithDeviation: number;
  /** The largest gain a GSP bidder found by deviating from its value. */
  largestGspGain: number;
}

/**
 * Random position auctions with truthful bids: in how many games some bidder gains by bidding other
 * than its value, under GSP and under VCG (`findProfitableDeviation` with each mechanism).
 */
export function truthfulnessSurvey(rng: Rng, games: number, bidders: number, slotCtrs: number[]): TruthfulnessSurvey {
  const out: TruthfulnessSurvey = { games, gspGamesWithDeviation: 0, vcgGamesWithDeviation: 0, largestGspGain: 0 };
  for (const values of drawGames(rng, games, bidders)) {
    const gsp = findProfitableDeviation({ mechanism: 'gsp', bids: values, slotCtrs }, values);
    if (gsp) {
      out.gspGamesWithDeviation++;
      out.largestGspGain = Math.max(out.largestGspGain, gsp.gain);
    }
    if (findProfitableDeviation({ mechanism: 'vcg', bids: values, slotCtrs }, values)) out.vcgGamesWithDeviation++;
  }
  return out;
}

/** GSP at the EOS equilibrium over random games (see `eosEquilibriumSurvey`). */
export interface EosEquilibriumSurvey {
  games: number;
  /** The largest |GSP − VCG| revenue at the equilibrium. */
  maxRevenueGap: number;
  /** Games where some bidder gains (by more than `tolerance`) by leaving its equilibrium bid. */
  gamesWithDeviation: number;
}

/** Random position auctions at the EOS envy-free equilibrium: its revenue against VCG's, and whether anyone deviates. */
export function eosEquilibriumSurvey(
  rng: Rng,
  games: number,
  bidders: number,
  slotCtrs: number[],
  tolerance = 1e-7,
): EosEquilibriumSurvey {
  const out: EosEquilibriumSurvey = { games, maxRevenueGap: 0, gamesWithDeviation: 0 };
  for (const values of drawGames(rng, games, bidders)) {
    const eq = eosEquilibrium({ values, slotCtrs });
    out.maxRevenueGap = Math.max(out.maxRevenueGap, Math.abs(eq.gspRevenue - eq.vcgRevenue));
    if (findProfitableDeviation({ mechanism: 'gsp', bids: eq.bids, slotCtrs }, values, tolerance))
      out.gamesWithDeviation++;
  }
  return out;
}
