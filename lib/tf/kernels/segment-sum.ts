import * as tf from '@tensorflow/tfjs';
import { PinlabInputError } from '../../errors';
import { Buffer, chunkEdges, runKernelTask } from './io';
import { ownEdges } from './chunk-scan';
import { task } from '../../parallel';

/**
 * out[s, :] = Σ_{i : ids[i] = s} x[i, :] in one pass over the rows: O(rows × inner), where
 * TensorFlow.js's cpu kernel is O(segments × rows × inner). Negative ids are dropped, as in
 * TensorFlow; ids ≥ numSegments throw. `out` must be zero-filled, length numSegments × inner.
 * Only segments [lo, hi) are summed (a thread's share: it scans every row, or only `rows`,
 * ascending ids grouped by segment range; each segment keeps row order).
 */
export function segmentSumInto(
  x: Buffer,
  ids: Int32Array,
  inner: number,
  numSegments: number,
  out: Buffer,
  lo = 0,
  hi = numSegments,
  rows?: Int32Array,
): void {
  const own = ownEdges(ids, numSegments, lo, hi, rows, (i, s) => {
    if (s >= numSegments)
      throw new PinlabInputError('segmentIds', `must be < numSegments = ${numSegments}, got ${s}`, i);
  });
  const n = own ? own.length : ids.length;
  for (let k = 0; k < n; k++) {
    const i = own ? own[k] : k;
    const o = ids[i] * inner;
    const xi = i * inner;
    for (let c = 0; c < inner; c++) out[o + c] += x[xi + c];
  }
}

/** The pool's share of segmentSumInto: segments [lo, hi). */
export const segmentSumTask = task(__filename, 'segmentSumTask', (a, lo, hi) => {
  const ids = (a.ids as Int32Array).subarray(0, a.idCount as number);
  segmentSumInto(
    a.x as Buffer,
    ids,
    a.inner as number,
    a.numSegments as number,
    a.out as Buffer,
    lo,
    hi,
    chunkEdges(a, lo, hi),
  );
});

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
  const [out] = runKernelTask(backend, [x, ids], [{ shape: [numSegments, ...restShape], dtype }], {
    task: segmentSumTask,
    inputs: ['x', 'ids'],
    outputs: ['out'],
    params: { inner, numSegments, idCount },
    count: numSegments,
    groupBy: 'ids',
  });
  return out;
};
