export * from './gowalla';
export * from './planetoid';
export * from './sha256-sums';
export * from './amazon-games';
