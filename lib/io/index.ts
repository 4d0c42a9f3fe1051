export * from './paths';
export * from './atomic';
export * from './checkpoint';
export * from './tf-weights';
