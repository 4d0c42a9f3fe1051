export * from './paths';
export * from './atomic';
export * from './checkpoint';
export * from './tf-weights';
export * from './recorded-results';
export * from './result-sources';
