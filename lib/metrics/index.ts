export * from './ranking';
export * from './ranking-bootstrap';
