import * as tf from '@tensorflow/tfjs';
import { PinlabInputError, requireFiniteArray, requireInt } from '../errors';
import { edgeAggregate } from '../tf/kernels';

/**
 * The edges message passing runs over, as tensors built once and reused every epoch, sorted
 * by destination: messages flow src[e] → dst[e]; `edgeAttr` [E, D] are optional per-edge features (e.g. an
 * interaction's age) that attention can use.
 */
export interface MessageGraph {
  readonly numNodes: number;
  readonly numEdges: number;
  readonly src: tf.Tensor1D;
  readonly dst: tf.Tensor1D;
  readonly edgeAttr: tf.Tensor2D | null;
  /** 1 / in-degree of each edge's destination: the weights of mean aggregation. */
  readonly meanWeights: tf.Tensor2D;
  /**
   * 1 / √(deg(src) deg(dst)), in-degrees counted over these edges (self-loops included): the entries
   * of D̂^{-1/2} Â D̂^{-1/2}, GCN's symmetric normalisation (PyG's gcn_norm).
   */
  readonly gcnWeights: tf.Tensor2D;
}

export interface MessageGraphOptions {
  /** Add one i → i edge per node (GATConv's default), so every node attends to itself. */
  selfLoops?: boolean;
  /** Per-edge features, row-major [E, edgeDim]. Self-loops get the mean of the node's incoming features (PyG's fill_value='mean'), 0 without any. */
  edgeAttr?: Float32Array;
  edgeDim?: number;
}

/** Builds a MessageGraph from edge lists, checking every index. */
export function messageGraph(
  src: Int32Array,
  dst: Int32Array,
  numNodes: number,
  options: MessageGraphOptions = {},
): MessageGraph {
  requireInt('numNodes', numNodes, 1);
  if (src.length !== dst.length)
    throw new PinlabInputError('dst', `length ${dst.length} must equal src's length ${src.length}`);
  for (let e = 0; e < src.length; e++) {
    if (src[e] < 0 || src[e] >= numNodes)
      throw new PinlabInputError('src', `must be in [0, ${numNodes}), got ${src[e]}`, e);
    if (dst[e] < 0 || dst[e] >= numNodes)
      throw new PinlabInputError('dst', `must be in [0, ${numNodes}), got ${dst[e]}`, e);
  }
  const dim = options.edgeDim ?? 0;
  if (options.edgeAttr) {
    requireInt('edgeDim', dim, 1);
    if (options.edgeAttr.length !== src.length * dim) {
      throw new PinlabInputError(
        'edgeAttr',
        `length ${options.edgeAttr.length} must be edges × edgeDim = ${src.length * dim}`,
      );
    }
    requireFiniteArray('edgeAttr', options.edgeAttr);
  }
  const loops = (options.selfLoops ?? true) ? numNodes : 0;
  const E = src.length + loops;
  // Self-loop features: the mean of the node's incoming edge features (0 without any).
  let loopAttr: Float32Array | null = null;
  if (options.edgeAttr && loops) {
    loopAttr = new Float32Array(numNodes * dim);
    const inDeg = new Float32Array(numNodes);
    for (let e = 0; e < src.length; e++) {
      inDeg[dst[e]]++;
      for (let k = 0; k < dim; k++) loopAttr[dst[e] * dim + k] += options.edgeAttr[e * dim + k];
    }
    for (let i = 0; i < numNodes; i++)
      if (inDeg[i] > 0) for (let k = 0; k < dim; k++) loopAttr[i * dim + k] /= inDeg[i];
  }
  // Counting sort by destination (stable): every per-destination pass of the kernels then
  // writes sequentially, which is markedly faster at 10⁶ edges than random order.
  const start = new Int32Array(numNodes + 1);
  for (let e = 0; e < src.length; e++) start[dst[e] + 1]++;
  for (let i = 0; i < loops; i++) start[i + 1]++;
  for (let i = 0; i < numNodes; i++) start[i + 1] += start[i];
  const s = new Int32Array(E);
  const d = new Int32Array(E);
  const attr = options.edgeAttr ? new Float32Array(E * dim) : null;
  const place = (from: number, to: number, a: Float32Array | null, at: number) => {
    const p = start[to]++;
    s[p] = from;
    d[p] = to;
    if (attr && a) for (let k = 0; k < dim; k++) attr[p * dim + k] = a[at * dim + k];
  };
  for (let e = 0; e < src.length; e++) place(src[e], dst[e], options.edgeAttr ?? null, e);
  for (let i = 0; i < loops; i++) place(i, i, loopAttr, i);
  const deg = new Float32Array(numNodes);
  for (let e = 0; e < E; e++) deg[d[e]]++;
  const mw = new Float32Array(E);
  for (let e = 0; e < E; e++) mw[e] = 1 / deg[d[e]];
  const gw = new Float32Array(E);
  // A source without in-edges (only on a directed graph without self-loops) has degree 0; PyG's
  // gcn_norm sets its 1/√0 to 0, which removes the edge.
  for (let e = 0; e < E; e++) gw[e] = deg[s[e]] > 0 ? 1 / Math.sqrt(deg[s[e]] * deg[d[e]]) : 0;
  return {
    numNodes,
    numEdges: E,
    src: tf.tensor1d(s, 'int32'),
    dst: tf.tensor1d(d, 'int32'),
    edgeAttr: attr ? tf.tensor2d(attr, [E, dim]) : null,
    meanWeights: tf.tensor2d(mw, [E, 1]),
    gcnWeights: tf.tensor2d(gw, [E, 1]),
  };
}

export function disposeMessageGraph(g: MessageGraph): void {
  tf.dispose([g.src, g.dst, g.meanWeights, g.gcnWeights, ...(g.edgeAttr ? [g.edgeAttr] : [])]);
}

/**
 * Fixed-weight message passing, gather → scale → scatter: out_i = Σ_{e: dst[e] = i} w_e h_{src[e]}
 * for rows h [N, K] and per-edge weights w [E, 1] (e.g. `meanWeights`, `gcnWeights`); [N, K].
 */
export function propagate(h: tf.Tensor2D, weights: tf.Tensor2D, g: MessageGraph): tf.Tensor2D {
  const [n, k] = h.shape;
  const out = edgeAggregate(weights, tf.reshape(h, [n, 1, k]) as tf.Tensor3D, g.src, g.dst, g.numNodes);
  return tf.reshape(out, [g.numNodes, k]) as tf.Tensor2D;
}
