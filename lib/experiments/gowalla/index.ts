export * from './recipes';
export * from './run';
export * from './table';
