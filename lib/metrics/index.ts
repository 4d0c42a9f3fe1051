export * from './ranking';
export * from './ranking-bootstrap';
export * from './calibration';
export * from './classification';
