// Slow, obviously-correct reference implementations used only to cross-check the engine.
import type { PositionAuctionInput, PositionAuctionResult } from '../../lib/auction';

const qualityOf = (inp: PositionAuctionInput, i: number): number => inp.quality?.[i] ?? 1;

/** Eligible ads (bid >= reserve) fully sorted by score desc, ties by lower index. */
export function naiveRank(inp: PositionAuctionInput): number[] {
  const r = inp.reserve ?? 0;
  const idx = inp.bids.map((_, i) => i).filter((i) => inp.bids[i] >= r);
  const score = (i: number): number => inp.bids[i] * qualityOf(inp, i);
  return idx.sort((a, b) => score(b) - score(a) || a - b);
}

/** GSP straight from its definition. */
export function naiveGsp(inp: PositionAuctionInput): PositionAuctionResult {
  const order = naiveRank(inp);
  const allocation = order.slice(0, inp.slotCtrs.length);
  const pricePerClick = allocation.map((ad, j) => {
    const next = order[j + 1];
    const nextScore = next === undefined ? 0 : inp.bids[next] * qualityOf(inp, next);
    return Math.max(nextScore / qualityOf(inp, ad), inp.reserve ?? 0);
  });
  const payment = allocation.map((ad, j) => pricePerClick[j] * qualityOf(inp, ad) * inp.slotCtrs[j]);
  return { allocation, pricePerClick, payment, revenue: payment.reduce((a, b) => a + b, 0) };
}

/** Expected clicks of `ad` if it bid `z` (others fixed), by re-running the full-sort ranking. */
function clicksAt(inp: PositionAuctionInput, ad: number, z: number): number {
  const bids = inp.bids.slice();
  bids[ad] = z;
  const slot = naiveRank({ ...inp, bids }).indexOf(ad);
  return slot >= 0 && slot < inp.slotCtrs.length ? qualityOf(inp, ad) * inp.slotCtrs[slot] : 0;
}

/**
 * VCG payment by Myerson's payment identity for the (monotone) click-share x(z) as a function
 * of the ad's own bid: P = b·x(b) − ∫_0^b x(z) dz, integrated exactly over the steps of x,
 * whose breakpoints are the reserve and the others' scores ÷ own quality.
 */
export function myersonVcgPayment(inp: PositionAuctionInput, ad: number): number {
  const b = inp.bids[ad];
  const q = qualityOf(inp, ad);
  const points = [0, b, inp.reserve ?? 0];
  inp.bids.forEach((bj, j) => j !== ad && points.push((bj * qualityOf(inp, j)) / q));
  const sorted = [...new Set(points.filter((p) => p >= 0 && p <= b))].sort((x, y) => x - y);
  let integral = 0;
  for (let k = 0; k + 1 < sorted.length; k++) {
    integral += clicksAt(inp, ad, 0.5 * (sorted[k] + sorted[k + 1])) * (sorted[k + 1] - sorted[k]);
  }
  return b * clicksAt(inp, ad, b) - integral;
}

/** Welfare Σ α_j·score_(j) of ranking `scores` (any order) into the slots. */
function welfare(scores: number[], alpha: number[]): number {
  const s = scores.slice().sort((a, b) => b - a);
  return alpha.reduce((w, a, j) => w + a * (s[j] ?? 0), 0);
}

/**
 * VCG by the Clarke pivot, the reserve entering as K phantom ads of score q·r (meaningful when
 * quality is uniform, or without reserve): payment = others' best welfare without the ad −
 * others' welfare in the chosen allocation.
 */
export function clarkeVcgPayments(inp: PositionAuctionInput): number[] {
  const order = naiveRank(inp);
  const K = inp.slotCtrs.length;
  const score = (i: number): number => inp.bids[i] * qualityOf(inp, i);
  return order.slice(0, K).map((ad, j) => {
    const phantoms = new Array<number>(K).fill(qualityOf(inp, ad) * (inp.reserve ?? 0));
    const others = order.filter((i) => i !== ad).map(score);
    const withAd = welfare([...order.map(score), ...phantoms], inp.slotCtrs) - inp.slotCtrs[j] * score(ad);
    return welfare([...others, ...phantoms], inp.slotCtrs) - withAd;
  });
}
