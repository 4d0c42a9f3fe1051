import * as tf from '@tensorflow/tfjs';
import { unsortedSegmentSumKernel } from './segment-sum';
import { gatherKernel } from './gather-rows';
import { transposeFirstMatMul } from './matmul-transposed';
import { DROPOUT, dropoutGradConfig, dropoutKernel } from './dropout';
import { sharedIdentity } from './identity';
import { meanGradConfig, sumGradConfig } from './reduce-grads';
import { PAIR_DOT, PAIR_DOT_GRAD, pairDotGradConfig, pairDotGradKernel, pairDotKernel } from './pair-dot';
import {
  EDGE_SOFTMAX,
  EDGE_SOFTMAX_GRAD,
  edgeSoftmaxGradConfig,
  edgeSoftmaxGradKernel,
  edgeSoftmaxKernel,
} from './edge-softmax';
import {
  EDGE_AGGREGATE,
  EDGE_AGGREGATE_GRAD_WEIGHTS,
  edgeAggregateGradConfig,
  edgeAggregateGradWeightsKernel,
  edgeAggregateKernel,
} from './edge-aggregate';

/**
 * Backends whose UnsortedSegmentSum and row gather pinlab replaces: wasm has no segment sum and
 * a slow gather, cpu's segment sum is O(segments × rows). tfjs-node keeps its native kernels.
 */
const JS_BACKENDS = ['cpu', 'wasm'];
/** The fused graph ops run on any backend exposing raw buffers; tfjs-node keeps its native segment sum. */
const FUSED_BACKENDS = ['cpu', 'wasm', 'tensorflow'];

const FUSED: Array<[string, tf.KernelFunc]> = [
  [EDGE_SOFTMAX, edgeSoftmaxKernel],
  [EDGE_SOFTMAX_GRAD, edgeSoftmaxGradKernel],
  [EDGE_AGGREGATE, edgeAggregateKernel],
  [EDGE_AGGREGATE_GRAD_WEIGHTS, edgeAggregateGradWeightsKernel],
  [DROPOUT, dropoutKernel],
  [PAIR_DOT, pairDotKernel],
  [PAIR_DOT_GRAD, pairDotGradKernel],
];

let registered = false;

/** Replaces a backend's registered kernel by `make(stock)`, keeping its config; nothing when it has none. */
function replaceKernel(kernelName: string, backendName: string, make: (stock: tf.KernelFunc) => tf.KernelFunc): void {
  const stock = tf.getKernel(kernelName, backendName);
  if (!stock) return;
  tf.unregisterKernel(kernelName, backendName);
  tf.registerKernel({ ...stock, kernelFunc: make(stock.kernelFunc) });
}

/**
 * Registers pinlab's kernels (UnsortedSegmentSum and the row gather on cpu/wasm, transposed matMul
 * and a buffer-sharing Identity on wasm, the fused edge softmax, edge aggregation, pair dot product
 * and dropout everywhere) and their gradients, and Sum's and Mean's gradients without a ones tensor.
 * Idempotent; `chooseBackend()` calls it.
 */
export function registerPinlabKernels(): void {
  if (registered) return;
  registered = true;
  // The wasm package registers its kernels on load: load it first so ours replace, not precede, them.
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional, and must load before ours register
    require('@tensorflow/tfjs-backend-wasm');
  } catch {
    // Not installed: only cpu (and tfjs-node) get kernels.
  }
  for (const backendName of JS_BACKENDS) {
    if (tf.getKernel('UnsortedSegmentSum', backendName)) tf.unregisterKernel('UnsortedSegmentSum', backendName);
    tf.registerKernel({ kernelName: 'UnsortedSegmentSum', backendName, kernelFunc: unsortedSegmentSumKernel });
    replaceKernel('GatherV2', backendName, gatherKernel);
  }
  for (const backendName of FUSED_BACKENDS) {
    for (const [kernelName, kernelFunc] of FUSED) tf.registerKernel({ kernelName, backendName, kernelFunc });
  }
  replaceKernel('Identity', 'wasm', () => sharedIdentity);
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (transpose) replaceKernel('BatchMatMul', 'wasm', (matMul) => transposeFirstMatMul(matMul, transpose.kernelFunc));
  tf.registerGradient(edgeSoftmaxGradConfig);
  tf.registerGradient(edgeAggregateGradConfig);
  tf.registerGradient(dropoutGradConfig);
  tf.registerGradient(pairDotGradConfig);
  tf.registerGradient(sumGradConfig);
  tf.registerGradient(meanGradConfig);
}
