export * from './types';
export * from './validation-split';
export * from './link-split';
export * from './datasets';
export * from './world';
