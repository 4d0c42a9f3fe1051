export * from './pctr-mlp';
export * from './ranker-features';
export * from './ranker';
