export * from './mf-bpr';
export * from './lightgcn';
export * from './gf-cf';
export * from './pinsage-graph';
export * from './pinsage';
export * from './pinsage-neighbourhood-stats';
