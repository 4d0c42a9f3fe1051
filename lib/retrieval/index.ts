export * from './matmul';
export * from './select';
export * from './topk';
export * from './embedding-scores';
export * from './evaluate';
export * from './comparison-frame';
