// The public API of pinlab: notebooks, tests, benchmarks and independent checks import from here.
// Experiments (a model composed with a data set and its training) are namespaces, e.g. `gowalla.gowallaTable`.
export * from './errors';
export * from './random/rng';
export * from './io';
export * from './stats';
export * from './parallel';
export * from './tf';
export * from './linalg';
export * from './notebook';
export * from './business';
export * from './data';
export * from './graph';
export * from './auction';
export * from './retrieval';
export * from './nn';
export * from './losses';
export * from './train';
export * from './models';
export * from './metrics';
export * from './features';
export * from './sim';
export * as gowalla from './experiments/gowalla';
export * as planetoid from './experiments/planetoid';
export * as adRelevance from './experiments/ad-relevance';
export * as amazonGames from './experiments/amazon-games';
