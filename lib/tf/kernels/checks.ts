import * as tf from '@tensorflow/tfjs';
import { PinlabInputError } from '../../errors';

/** Index tensors of the graph ops: int32, rank 1, one entry per edge. Values are range-checked in the kernels. */
export function checkIndexTensor(field: string, t: tf.Tensor, edges: number): void {
  if (t.rank !== 1 || t.dtype !== 'int32' || t.shape[0] !== edges) {
    throw new PinlabInputError(field, `must be an int32 [${edges}] tensor, got ${t.dtype} [${t.shape}]`);
  }
}
