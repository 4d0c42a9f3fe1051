export * from './ranking';
export * from './calibration';
export * from './classification';
export * from './next-item';
