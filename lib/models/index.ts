export * from './cf';
export * from './gnn';
export * from './retrieval';
export * from './ranking';
export * from './sequential';
