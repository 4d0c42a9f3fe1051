export * from './edges';
export * from './csr';
export * from './graphology';
export * from './negatives';
export * from './split';
export * from './walks';
export * from './stats';
export * from './features';
