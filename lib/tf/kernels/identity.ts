import type * as tf from '@tensorflow/tfjs';

interface RefCountingBackend {
  incRef(dataId: tf.DataId): void;
}

/**
 * Identity for wasm that shares the input's buffer (one more reference) instead of copying it, as
 * cpu's Identity does. The engine clones every tensor a gradient saves through Identity, and the
 * stock wasm kernel copies each one: 6 % of a scale-1 GAT mini-batch epoch (notebook 04, profiled).
 * Sharing is safe because tensors are immutable: variables change by `assign` (a new buffer), and
 * pinlab's kernels write only outputs they allocate. wasm's own Reshape shares buffers the same way.
 */
export const sharedIdentity: tf.KernelFunc = ({ inputs, backend }) => {
  const x = inputs.x as tf.TensorInfo;
  (backend as unknown as RefCountingBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
};
