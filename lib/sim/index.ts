export * from './types';
export * from './requests';
export * from './popularity';
export * from './embedding-generator';
export * from './merge';
export * from './oracle-models';
export * from './funnel';
export * from './ab';
