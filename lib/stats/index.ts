export * from './summary';
export * from './bootstrap';
export * from './inequality';
export * from './rank-correlation';
