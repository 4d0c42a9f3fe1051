import * as tf from '@tensorflow/tfjs';
import { PinlabInputError } from '../../errors';
import { Buffer, runKernelTask } from './io';
import { task } from '../../parallel';

/**
 * out[i, :] = x[idx[i], :], a row gather: the forward of every embedding lookup and of
 * message passing. A tight copy loop: TensorFlow.js's wasm GatherV2 computes strides per
 * element and was 1.5–6x slower on [60 000, 32] × 10⁶ rows in bench/kernels.bench.ts runs.
 */
export function gatherRowsInto(
  x: Buffer,
  idx: Int32Array,
  inner: number,
  numRows: number,
  out: Buffer,
  lo = 0,
  hi = idx.length,
): void {
  for (let i = lo; i < hi; i++) {
    const r = idx[i];
    if (r < 0 || r >= numRows) throw new PinlabInputError('indices', `must be in [0, ${numRows}), got ${r}`, i);
    const o = i * inner;
    const xi = r * inner;
    for (let c = 0; c < inner; c++) out[o + c] = x[xi + c];
  }
}

/** The pool's share of gatherRowsInto: output rows [lo, hi). */
export const gatherRowsTask = task(__filename, 'gatherRowsTask', (a, lo, hi) => {
  gatherRowsInto(a.x as Buffer, a.idx as Int32Array, a.inner as number, a.numRows as number, a.out as Buffer, lo, hi);
});

/**
 * GatherV2 for axis 0 without batch dimensions (what tf.gather(x, ids) does); every other case
 * goes to the backend's own kernel, passed in as `fallback`.
 */
export function gatherKernel(fallback: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { axis, batchDims } = attrs as unknown as { axis: number; batchDims: number };
    const x = inputs.x as tf.TensorInfo;
    const indices = inputs.indices as tf.TensorInfo;
    if (axis !== 0 || batchDims !== 0 || indices.dtype !== 'int32' || (x.dtype !== 'float32' && x.dtype !== 'int32'))
      return fallback(args);
    const rest = x.shape.slice(1);
    const inner = rest.reduce((a, b) => a * b, 1);
    const [out] = runKernelTask(backend, [x, indices], [{ shape: [...indices.shape, ...rest], dtype: x.dtype }], {
      task: gatherRowsTask,
      inputs: ['x', 'idx'],
      outputs: ['out'],
      params: { inner, numRows: x.shape[0] },
      count: indices.shape.reduce((a, b) => a * b, 1),
      zeroOutputs: false,
      chunksPerThread: 8,
    });
    return out;
  };
}
