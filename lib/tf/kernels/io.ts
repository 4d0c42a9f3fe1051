import * as tf from '@tensorflow/tfjs';

/** The flat buffers kernels read and write (bool tensors never reach pinlab's kernels). */
export type Buffer = Float32Array | Int32Array;

export interface OutputSpec {
  shape: number[];
  dtype: 'float32' | 'int32';
}

/** The wasm backend's raw-heap API (not in its public typings' base class). */
interface HeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Buffer;
}

/** cpu (and tfjs-node) expose their buffers through readSync / makeTensorInfo. */
interface ArrayBackend {
  readSync(dataId: tf.DataId): unknown;
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Buffer): tf.TensorInfo;
}

function isHeapBackend(b: unknown): b is HeapBackend {
  return typeof (b as HeapBackend).makeOutput === 'function' && typeof (b as HeapBackend).typedArrayFromHeap === 'function';
}

function size(shape: number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * Runs `compute` on a backend's own memory and returns the outputs as tensor infos, so one
 * typed-array implementation serves every backend: on wasm inputs and outputs are views of the
 * wasm heap (zero copy), elsewhere they are the backend's arrays. Outputs arrive zero-filled.
 */
export function computeOnBackend(
  backend: unknown,
  inputs: tf.TensorInfo[],
  outputs: OutputSpec[],
  compute: (ins: Buffer[], outs: Buffer[]) => void,
): tf.TensorInfo[] {
  if (isHeapBackend(backend)) {
    // Allocate every output before taking any view: a malloc may grow (and detach) the heap.
    const infos = outputs.map((o) => backend.makeOutput(o.shape, o.dtype));
    const outs = infos.map((t) => backend.typedArrayFromHeap(t).fill(0));
    try {
      compute(inputs.map((t) => backend.typedArrayFromHeap(t)), outs);
    } catch (e) {
      // Bad input (e.g. an index out of range): free the outputs nobody will own.
      for (const t of infos) (backend as unknown as tf.KernelBackend).disposeData(t.dataId);
      throw e;
    }
    return infos;
  }
  const b = backend as ArrayBackend;
  const outs = outputs.map((o) => (o.dtype === 'int32' ? new Int32Array(size(o.shape)) : new Float32Array(size(o.shape))));
  compute(inputs.map((t) => b.readSync(t.dataId) as Buffer), outs);
  return outputs.map((o, i) => b.makeTensorInfo(o.shape, o.dtype, outs[i]));
}

let scratch = new Float32Array(0);

/**
 * A reusable float scratch buffer of at least `n` elements (grow-only, so hot loops do not
 * allocate per call). Valid until the next call; kernels are synchronous so none overlap.
 */
export function scratchFloats(n: number): Float32Array {
  if (scratch.length < n) scratch = new Float32Array(Math.max(n, scratch.length * 2));
  return scratch;
}
