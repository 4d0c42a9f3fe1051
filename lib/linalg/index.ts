export * from './blas';
export * from './bipartite';
export * from './truncated-eig';
