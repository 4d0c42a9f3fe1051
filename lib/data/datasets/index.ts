export * from './gowalla';
export * from './cora';
