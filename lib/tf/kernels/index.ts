export { registerPinlabKernels } from './register';
export { edgeSoftmax } from './edge-softmax';
export { edgeAggregate } from './edge-aggregate';
export { fastDropout } from './dropout';
export { pairDot } from './pair-dot';
