// Business side of pinlab: sourced Pinterest facts and the ad-business formulas notebooks use.
export * from './csv';
export * from './fact-table';
export * from './pinterest-facts';
export * from './metrics';
export * from './uplift';
export * from './public-record';
