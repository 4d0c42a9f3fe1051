export { threadCount } from './threads';
export { parallelFor, evenBounds, shutdown, poolSettings, type ParallelOptions } from './pool';
export { task, type Task, type TaskArgs, type TaskFn } from './task';
export { shared, sharedScratch, sharedFloats, float64View } from './shared';
