export * from './backend';
export * from './kernels';
