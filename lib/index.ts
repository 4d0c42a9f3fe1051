// The public API of pinlab: notebooks, tests, benchmarks and independent checks import from here.
export * from './errors';
export * from './random/rng';
export * from './tf';
export * from './data/paths';
export * from './notebook';
export * from './business';
export * from './data';
export * from './graph';
export * from './auction';
export * from './retrieval';
export * from './models';
// Not './metrics' whole: its classification rocAuc clashes with data's (its owners decide which stays).
export * from './metrics/ranking';
export * from './metrics/ranking-bootstrap';
export * from './metrics/calibration';
export * from './features';
export * from './sim';
