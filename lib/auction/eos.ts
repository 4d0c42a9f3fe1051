import { PinlabInputError, requireFiniteArray } from '../errors';
import { PositionAuctionEngine } from './engine';
import { requireArrayLike } from './validate';

export interface EquilibriumInput {
  /** True per-click values, one per ad. */
  values: number[];
  slotCtrs: number[];
  quality?: number[];
  reserve?: number;
}

export interface EosEquilibrium {
  /** Equilibrium per-click bids, one per ad. */
  bids: number[];
  /** Ad per filled slot (the efficient order). */
  allocation: number[];
  /** Expected payments per slot under GSP at `bids`, and under truthful VCG. */
  gspPayment: number[];
  vcgPayment: number[];
  gspRevenue: number;
  vcgRevenue: number;
}

/**
 * Writes the Edelman–Ostrovsky–Schwarz (2007) lowest locally envy-free equilibrium bids of GSP
 * into `out`. Rank ads by true score s = q·v; with P_{j} the truthful VCG payment of slot j
 * (reserve as phantom bids), the ad in position j+1 (1 <= j <= filled, 1-based slots) bids the
 * score P_j / α_j, i.e. per click P_j / (α_j·q). Its GSP price then makes the ad above pay
 * exactly P_j, so GSP revenue equals VCG revenue; the top ad and every ad below position K+1
 * bid their values. Scores stay in the same order because P_j/α_j is a weighted mean of scores
 * below slot j. Ties in equilibrium bids (equal consecutive CTRs) fall back on the index
 * tie-break, which can swap those two ads without changing revenue.
 * Returns the number of filled slots; `engine` holds the truthful VCG outcome afterwards.
 */
export function eosBidsInto(
  engine: PositionAuctionEngine,
  values: ArrayLike<number>,
  slotCtrs: ArrayLike<number>,
  out: { [i: number]: number; length: number },
  quality?: ArrayLike<number>,
  reserve = 0,
): number {
  if (reserve > 0 && quality !== undefined) {
    // A per-click reserve is a per-ad score floor q_i·r; with unequal qualities the phantom bids
    // differ by ad and the construction above no longer keeps the efficient order.
    for (let i = 1; i < quality.length; i++) {
      if (quality[i] !== quality[0])
        throw new PinlabInputError('quality', 'must be uniform when a reserve is set (EOS equilibrium)', i);
    }
  }
  const filled = engine.run('vcg', values, slotCtrs, quality, reserve);
  for (let i = 0; i < values.length; i++) out[i] = values[i];
  const last = Math.min(filled, engine.rankedCount - 1);
  for (let p = 1; p <= last; p++) {
    const alpha = slotCtrs[p - 1];
    if (alpha === 0) break; // zero-click slots: truthful bids already keep the order
    const ad = engine.ranked[p];
    out[ad] = engine.payment[p - 1] / alpha / (quality === undefined ? 1 : quality[ad]);
  }
  return filled;
}

/** The EOS equilibrium of one instance, with GSP and VCG payments to compare (they are equal). */
export function eosEquilibrium(input: EquilibriumInput): EosEquilibrium {
  requireArrayLike('values', input.values);
  requireFiniteArray('values', input.values, 0);
  const engine = new PositionAuctionEngine();
  const bids = new Array<number>(input.values.length);
  const filled = eosBidsInto(engine, input.values, input.slotCtrs, bids, input.quality, input.reserve ?? 0);
  const vcgPayment = Array.from(engine.payment.subarray(0, filled));
  const vcgRevenue = engine.revenue;
  engine.run('gsp', bids, input.slotCtrs, input.quality, input.reserve ?? 0);
  return {
    bids,
    allocation: Array.from(engine.allocation.subarray(0, engine.filled)),
    gspPayment: Array.from(engine.payment.subarray(0, engine.filled)),
    vcgPayment,
    gspRevenue: engine.revenue,
    vcgRevenue,
  };
}
