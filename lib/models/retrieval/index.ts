export * from './event-sequences';
export * from './two-tower';
export * from './two-tower-train';
export * from './two-tower-serving';
export * from './two-tower-cache';
