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
