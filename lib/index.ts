// The public API of pinlab: notebooks, tests, benchmarks and independent checks import from here.
export * from './errors';
export * from './random/rng';
export * from './tf';
export * from './notebook';
export * from './business';
export * from './data';
export * from './graph';
export * from './auction';
export * from './retrieval';
export * from './models';
export * from './metrics';
export * from './features';
export * from './sim';
export * from './metrics';
// lib/data/bayes.ts also exports a rocAuc; the metrics area's is the canonical one.
export { rocAuc } from './metrics';
