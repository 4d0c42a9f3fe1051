export * from './recommender';
export * from './adam';
export * from './bpr-sampler';
export * from './train-loop';
export * from './tf-training';
