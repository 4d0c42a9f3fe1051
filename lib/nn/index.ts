export * from './module';
export * from './message-graph';
export * from './sparse-features';
export * from './gat-conv';
export * from './mean-conv';
export * from './graph-encoder';
export * from './link-predictor';
export * from './transformer-encoder';
