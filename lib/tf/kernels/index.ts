export { registerPinlabKernels } from './register';
export { edgeSoftmax } from './edge_softmax';
export { edgeAggregate } from './edge_aggregate';
export { fastDropout } from './dropout';
export { pairDot } from './pair_dot';
