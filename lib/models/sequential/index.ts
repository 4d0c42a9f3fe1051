export * from './popularity';
export * from './markov-chain';
