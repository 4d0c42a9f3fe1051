export * from './recommender';
export * from './adam';
export * from './bpr-sampler';
export * from './train-recommender';
export * from './fit';
export * from './early-stopping';
export * from './tf-training';
export * from './trained-cache';
