export * from './popularity';
export * from './markov-chain';
export * from './sasrec';
export * from './sasrec-batches';
export * from './score-blend';
