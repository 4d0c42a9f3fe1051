export * from './feature-store';
