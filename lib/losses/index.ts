export * from './accidental-hits';
export * from './pairwise-ranking';
export * from './in-batch-softmax';
export * from './link-bce';
export * from './sampled-bce';
