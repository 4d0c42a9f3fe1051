export * from './recipe';
export * from './recipes';
export * from './baseline-recipes';
export * from './selection';
export * from './run';
export * from './table';
export * from './recorded';
