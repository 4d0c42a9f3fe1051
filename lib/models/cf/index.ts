export * from './mf-bpr';
export * from './lightgcn';
export * from './gf-cf';
export * from './pinsage/neighbourhoods';
export * from './pinsage/model';
export * from './pinsage-neighbourhood-stats';
export * from './bspm';
export * from './ideal-low-pass';
