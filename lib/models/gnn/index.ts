export * from './link-model';
export * from './node-classifier';
export * from './link-scores';
