export * from './cora';
