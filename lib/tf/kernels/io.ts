import * as tf from '@tensorflow/tfjs';
import { evenBounds, parallelFor, sharedScratch, threadCount, type Task, type TaskArgs } from '../../parallel';

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
  return (
    typeof (b as HeapBackend).makeOutput === 'function' && typeof (b as HeapBackend).typedArrayFromHeap === 'function'
  );
}

/**
 * A float tensor's values without a copy where the backend allows it: on wasm a view of the heap,
 * valid until the next operation allocates (read it, then dispose the tensor); elsewhere `dataSync`.
 */
export function readInPlace(t: tf.Tensor): Float32Array {
  const b = tf.backend();
  return (isHeapBackend(b) ? b.typedArrayFromHeap(t) : t.dataSync()) as Float32Array;
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
      compute(
        inputs.map((t) => backend.typedArrayFromHeap(t)),
        outs,
      );
    } catch (e) {
      // Bad input (e.g. an index out of range): free the outputs nobody will own.
      for (const t of infos) (backend as unknown as tf.KernelBackend).disposeData(t.dataId);
      throw e;
    }
    return infos;
  }
  const b = backend as ArrayBackend;
  const outs = outputs.map((o) =>
    o.dtype === 'int32' ? new Int32Array(size(o.shape)) : new Float32Array(size(o.shape)),
  );
  compute(
    inputs.map((t) => b.readSync(t.dataId) as Buffer),
    outs,
  );
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

/** How a kernel runs as a pool task: argument names of its inputs and outputs, its numbers, its item count. */
export interface KernelTask {
  task: Task;
  inputs: string[];
  outputs: string[];
  params: Record<string, number>;
  /** Items the task splits: destination rows for scatters, output rows or edges otherwise. */
  count: number;
  /** False when the task writes every output element (no zero-fill needed); default true. */
  zeroOutputs?: boolean;
  /**
   * Chunks per thread (default 1). More chunks let the calling thread take over the share of a
   * descheduled worker; tasks that scan every edge per chunk pay a scan per chunk, so they keep 1.
   */
  chunksPerThread?: number;
  /**
   * The int32 input holding each edge's destination (an item in [0, count)). When given, the
   * edges are grouped by chunk once (stably, cached per tensor) and each chunk visits only its
   * own, instead of scanning all of them: the task receives `edges`, `edgeStart` and `bounds`.
   */
  groupBy?: string;
  /** Float arrays shared by the passes (e.g. a per-destination sum), by name and length; contents start unspecified. */
  scratch?: Record<string, number>;
  /**
   * A second pass over the same arguments once `task` is done, over `count` items split evenly
   * (8 chunks per thread): e.g. edges, writing contiguous outputs, after a first pass by destination.
   */
  then?: { task: Task; count: number };
}

/** Time spent copying kernel buffers to and from SharedArrayBuffers (for bench/kernels). */
export const sharedCopy = { ms: 0, bytes: 0 };

// Shared copies of int32 inputs (edge lists: the same tensors every epoch) by their data id:
// tensors are immutable, and a disposed tensor's id is unreachable, so its entry goes with it.
const indexCopies = new WeakMap<object, Int32Array>();

interface Grouping {
  key: string;
  edges: Int32Array;
  start: Int32Array;
}
const groupings = new WeakMap<object, Grouping[]>();

/**
 * Edge ids grouped by the chunk of `bounds` their destination falls in, ascending within each
 * group (so every destination still sees its edges in edge order); undefined when an id lies
 * outside [0, count), leaving the kernel's own scan to report (or drop) it.
 */
function groupEdges(
  ids: Int32Array,
  count: number,
  bounds: Int32Array,
): { edges: Int32Array; start: Int32Array } | undefined {
  const parts = bounds.length - 1;
  const chunkOf = new Int32Array(ids.length);
  const start = new Int32Array(new SharedArrayBuffer(4 * (parts + 1)));
  for (let e = 0; e < ids.length; e++) {
    const d = ids[e];
    if (d < 0 || d >= count) return undefined;
    let c = Math.min(parts - 1, Math.floor((d * parts) / count));
    while (bounds[c + 1] <= d) c++;
    while (bounds[c] > d) c--;
    chunkOf[e] = c;
    start[c + 1]++;
  }
  for (let c = 0; c < parts; c++) start[c + 1] += start[c];
  const fill = start.slice(0, parts);
  const edges = new Int32Array(new SharedArrayBuffer(4 * ids.length));
  for (let e = 0; e < ids.length; e++) edges[fill[chunkOf[e]]++] = e;
  return { edges, start };
}

/**
 * The edge list of the chunk [lo, hi), for a task run with `groupBy`; undefined without grouping.
 * Chunks can be empty (fewer items than chunks): an empty one owns no edges, and a non-empty one
 * is the chunk that starts at `lo` and does not end there.
 */
export function chunkEdges(a: TaskArgs, lo: number, hi: number): Int32Array | undefined {
  const edges = a.edges as Int32Array | undefined;
  if (!edges) return undefined;
  if (hi <= lo) return edges.subarray(0, 0);
  const bounds = a.bounds as Int32Array;
  const start = a.edgeStart as Int32Array;
  let c = 0;
  while (bounds[c] !== lo || bounds[c + 1] === lo) c++;
  return edges.subarray(start[c], start[c + 1]);
}

/**
 * Runs `k.task` on the backend's buffers. With one thread (PINLAB_THREADS=1) it runs inline over
 * all items on the backend's own memory, as computeOnBackend does. With more, the backend's
 * memory is not shared (the wasm heap is an ordinary ArrayBuffer), so inputs are copied into
 * SharedArrayBuffers (int32 inputs once per tensor), the pool computes into shared outputs, and
 * those are copied back.
 */
export function runKernelTask(
  backend: unknown,
  inputs: tf.TensorInfo[],
  outputs: OutputSpec[],
  k: KernelTask,
): tf.TensorInfo[] {
  const threads = threadCount();
  const named = (ins: Buffer[], outs: Buffer[]): TaskArgs => {
    const args: TaskArgs = { ...k.params };
    for (const [name, n] of Object.entries(k.scratch ?? {}))
      args[name] = sharedScratch(`kernel-scratch-${name}`, Float32Array, n);
    k.inputs.forEach((name, i) => (args[name] = ins[i]));
    k.outputs.forEach((name, i) => (args[name] = outs[i]));
    return args;
  };
  if (threads <= 1) {
    return computeOnBackend(backend, inputs, outputs, (ins, outs) => {
      const args = named(ins, outs);
      k.task.run(args, 0, k.count);
      k.then?.task.run(args, 0, k.then.count);
    });
  }
  return computeOnBackend(backend, inputs, outputs, (ins, outs) => {
    const t0 = performance.now();
    // One tensor passed as two inputs (e.g. ∂weights with dy = x) gets one shared copy: a second
    // would cost a copy and double the working set the gathers run over.
    const byData = new Map<unknown, Buffer>();
    const sharedIns = ins.map((a, i) => {
      if (a.buffer instanceof SharedArrayBuffer) return a;
      const seen = byData.get(inputs[i].dataId);
      if (seen) return seen;
      const c = sharedInput(a, i);
      byData.set(inputs[i].dataId, c);
      return c;
    });
    function sharedInput(a: Buffer, i: number): Buffer {
      if (a instanceof Int32Array) {
        const id = inputs[i].dataId as object;
        let c = indexCopies.get(id);
        if (!c || c.length !== a.length) {
          c = new Int32Array(new SharedArrayBuffer(4 * a.length));
          c.set(a);
          sharedCopy.bytes += 4 * a.length;
          indexCopies.set(id, c);
        }
        return c;
      }
      const c = sharedScratch(`kernel-in${i}`, Float32Array, a.length);
      c.set(a);
      sharedCopy.bytes += 4 * a.length;
      return c;
    }
    // Outputs arrive zero-filled from computeOnBackend; their shared stand-ins are zeroed too
    // unless the task overwrites every element.
    const sharedOuts = outs.map((o, i) => {
      const c: Buffer =
        o instanceof Int32Array
          ? sharedScratch(`kernel-out${i}`, Int32Array, o.length)
          : sharedScratch(`kernel-out${i}`, Float32Array, o.length);
      return k.zeroOutputs === false ? c : c.fill(0);
    });
    sharedCopy.ms += performance.now() - t0;
    const bounds = evenBounds(k.count, threads * (k.chunksPerThread ?? 1));
    const args = named(sharedIns, sharedOuts);
    if (k.groupBy !== undefined) {
      const i = k.inputs.indexOf(k.groupBy);
      const id = inputs[i].dataId as object;
      const key = bounds.join();
      // One edge list is grouped at several chunkings (a GAT layer's dst by its softmax and its
      // aggregation, the same list as src by the x-gradient): each tensor keeps its last few.
      const kept = groupings.get(id) ?? [];
      let g = kept.find((h) => h.key === key);
      if (!g) {
        const made = groupEdges(sharedIns[i] as Int32Array, k.count, bounds);
        g = made && { key, ...made };
        if (g) groupings.set(id, [g, ...kept.slice(0, 3)]);
      }
      if (g) {
        const sharedBounds = new Int32Array(new SharedArrayBuffer(bounds.byteLength));
        sharedBounds.set(bounds);
        Object.assign(args, { edges: g.edges, edgeStart: g.start, bounds: sharedBounds });
      }
    }
    parallelFor(k.task, args, k.count, { threads, bounds });
    if (k.then)
      parallelFor(k.then.task, args, k.then.count, { threads, bounds: evenBounds(k.then.count, 8 * threads) });
    const t1 = performance.now();
    outs.forEach((o, i) => o.set(sharedOuts[i]));
    for (const o of outs) sharedCopy.bytes += 4 * o.length;
    sharedCopy.ms += performance.now() - t1;
  });
}
