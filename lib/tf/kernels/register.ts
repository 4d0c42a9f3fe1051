import * as tf from '@tensorflow/tfjs';
import { unsortedSegmentSumKernel } from './segment_sum';
import { EDGE_SOFTMAX, EDGE_SOFTMAX_GRAD, edgeSoftmaxGradConfig, edgeSoftmaxGradKernel, edgeSoftmaxKernel } from './edge_softmax';
import {
  EDGE_AGGREGATE, EDGE_AGGREGATE_GRAD_WEIGHTS, edgeAggregateGradConfig, edgeAggregateGradWeightsKernel, edgeAggregateKernel,
} from './edge_aggregate';

/** Backends whose UnsortedSegmentSum pinlab replaces: wasm has none, cpu's is O(segments × rows). */
const SEGMENT_SUM_BACKENDS = ['cpu', 'wasm'];
/** The fused graph ops run on any backend exposing raw buffers; tfjs-node keeps its native segment sum. */
const FUSED_BACKENDS = ['cpu', 'wasm', 'tensorflow'];

const FUSED: Array<[string, tf.KernelFunc]> = [
  [EDGE_SOFTMAX, edgeSoftmaxKernel],
  [EDGE_SOFTMAX_GRAD, edgeSoftmaxGradKernel],
  [EDGE_AGGREGATE, edgeAggregateKernel],
  [EDGE_AGGREGATE_GRAD_WEIGHTS, edgeAggregateGradWeightsKernel],
];

let registered = false;

/**
 * Registers pinlab's kernels (UnsortedSegmentSum on cpu/wasm, the fused edge softmax and edge
 * aggregation everywhere) and their gradients. Idempotent; `chooseBackend()` calls it.
 */
export function registerPinlabKernels(): void {
  if (registered) return;
  registered = true;
  for (const backendName of SEGMENT_SUM_BACKENDS) {
    if (tf.getKernel('UnsortedSegmentSum', backendName)) tf.unregisterKernel('UnsortedSegmentSum', backendName);
    tf.registerKernel({ kernelName: 'UnsortedSegmentSum', backendName, kernelFunc: unsortedSegmentSumKernel });
  }
  for (const backendName of FUSED_BACKENDS) {
    for (const [kernelName, kernelFunc] of FUSED) tf.registerKernel({ kernelName, backendName, kernelFunc });
  }
  tf.registerGradient(edgeSoftmaxGradConfig);
  tf.registerGradient(edgeAggregateGradConfig);
}
