export * from './reproduction';
