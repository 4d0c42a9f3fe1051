import * as tf from '@tensorflow/tfjs';
import { PinlabInputError } from '../../errors';
import { Buffer, computeOnBackend } from './io';

/**
 * out[s, :] = Σ_{i : ids[i] = s} x[i, :] in one pass over the rows: O(rows × inner), where
 * TensorFlow.js's cpu kernel is O(segments × rows × inner). Negative ids are dropped, as in
 * TensorFlow; ids ≥ numSegments throw. `out` must be zero-filled, length numSegments × inner.
 */
export function segmentSumInto(x: Buffer, ids: Int32Array, inner: number, numSegments: number, out: Buffer): void {
  const rows = ids.length;
  for (let i = 0; i < rows; i++) {
    const s = ids[i];
    if (s < 0) continue;
    if (s >= numSegments) throw new PinlabInputError('segmentIds', `must be < numSegments = ${numSegments}, got ${s}`, i);
    const o = s * inner;
    const xi = i * inner;
    for (let c = 0; c < inner; c++) out[o + c] += x[xi + c];
  }
}

/** `UnsortedSegmentSum` for any backend with raw buffers; the stock gradient (a gather) still applies. */
export const unsortedSegmentSumKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const x = inputs.x as tf.TensorInfo;
  const ids = inputs.segmentIds as tf.TensorInfo;
  const numSegments = (attrs as unknown as { numSegments: number }).numSegments;
  const idCount = ids.shape.reduce((a, b) => a * b, 1);
  // segmentIds covers a prefix of x's dimensions; everything after it is summed as a block.
  for (let d = 0; d < ids.shape.length; d++) {
    if (ids.shape[d] !== x.shape[d]) {
      throw new PinlabInputError('segmentIds', `shape [${ids.shape}] must be a prefix of x's shape [${x.shape}]`);
    }
  }
  const restShape = x.shape.slice(ids.shape.length);
  const inner = restShape.reduce((a, b) => a * b, 1);
  const dtype = x.dtype === 'int32' ? 'int32' : 'float32';
  const [out] = computeOnBackend(backend, [x, ids], [{ shape: [numSegments, ...restShape], dtype }], ([xv, iv], [ov]) => {
    segmentSumInto(xv, (iv as Int32Array).subarray(0, idCount), inner, numSegments, ov);
  });
  return out;
};
