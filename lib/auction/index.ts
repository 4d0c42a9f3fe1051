// Auctions: position auctions (GSP, VCG) with eCPM ranking and reserves, single-item auctions,
// equilibrium bidding, optimal reserves, deviation search and Monte Carlo revenue comparison.
export { PositionAuctionEngine } from './engine';
export type { Mechanism, PricingRule } from './validate';
export {
  positionAuction,
  secondPriceAuction,
  firstPriceAuction,
  type PositionAuctionInput,
  type PositionAuctionResult,
  type SingleItemResult,
} from './position';
export { uniformValues, exponentialValues, type ValueDistribution } from './distributions';
export { virtualValue, myersonReserve } from './myerson';
export {
  interimClicks,
  firstPriceBid,
  firstPriceBidFunction,
  expectedRevenue,
  type SymmetricSetting,
} from './symmetric';
export { eosEquilibrium, type EquilibriumInput, type EosEquilibrium } from './eos';
export { bestResponse, utilityCurve, findProfitableDeviation, type BidderGame, type BestResponse } from './deviation';
export { vickreyDominanceCheck, type DominanceRow } from './vickrey';
export {
  compareRevenue,
  COMPARED_MECHANISMS,
  type ComparedMechanism,
  type RevenueEstimate,
  type RevenueComparison,
  type RevenueComparisonInput,
} from './montecarlo';
export * from './surveys';
export * from './expected-outcome';
