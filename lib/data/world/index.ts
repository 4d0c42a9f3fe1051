export * from './vocab';
export * from './params';
export * from './world';
export * from './oracle';
export * from './generate';
export * from './cache';
export * from './bayes';
export * from './frames';
