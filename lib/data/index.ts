export * from './types';
export * from './validation-split';
export * from './leave-one-out-split';
export * from './link-split';
export * from './datasets';
export * from './world';
