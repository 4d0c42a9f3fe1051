export * from './run';
export * from './cache';
