import * as tf from '@tensorflow/tfjs';
import type { Pairs } from '../data/types';
import { PinlabInputError, requireInt } from '../errors';
import { edgeAggregate, pairDot } from '../tf/kernels';

/**
 * Link prediction's binary cross-entropy on logits x and labels y ∈ {0, 1} (1 = an edge, 0 = a
 * sampled non-edge): L = mean −[y ln σ(x) + (1 − y) ln(1 − σ(x))], computed stably as
 * mean max(x, 0) − x y + ln(1 + e^−|x|).
 */
export function linkBce(logits: tf.Tensor1D, labels: tf.Tensor1D): tf.Scalar {
  return tf.losses.sigmoidCrossEntropy(labels, logits) as tf.Scalar;
}

/**
 * The positive entries of an adjacency matrix to reconstruct, and GAE's weights for them (Kipf &
 * Welling 2016, tkipf/gae train.py): with N nodes and E edge entries (each undirected edge counted in
 * both directions, self-loops not counted),
 *   posWeight = (N² − E) / E,   norm = N² / (2 (N² − E)),
 * so positives and non-edges weigh alike in total and the loss stays O(1) whatever the density.
 */
export interface AdjacencyTargets {
  readonly numNodes: number;
  /** The positive entries (i, j): edges both ways and, if asked, self-loops, each once. */
  readonly rows: tf.Tensor1D;
  readonly cols: tf.Tensor1D;
  readonly posWeight: number;
  readonly norm: number;
}

/**
 * Targets for `innerProductAdjacencyBce` from undirected edges (each listed once, either
 * direction, no self-loops): Â = A + I when `selfLoops` (GAE's labels, adj_train + I).
 */
export function adjacencyTargets(edges: Pairs, numNodes: number, selfLoops = true): AdjacencyTargets {
  requireInt('numNodes', numNodes, 2);
  if (edges.src.length !== edges.dst.length)
    throw new PinlabInputError('edges.dst', `length ${edges.dst.length} must equal src's length ${edges.src.length}`);
  const N = numNodes;
  const seen = new Set<number>();
  const rows: number[] = [];
  const cols: number[] = [];
  for (let e = 0; e < edges.src.length; e++) {
    const u = edges.src[e];
    const v = edges.dst[e];
    if (!(u >= 0 && u < N)) throw new PinlabInputError('edges.src', `must be in [0, ${N}), got ${u}`, e);
    if (!(v >= 0 && v < N)) throw new PinlabInputError('edges.dst', `must be in [0, ${N}), got ${v}`, e);
    if (u === v) throw new PinlabInputError('edges', `self-loop ${u}–${u}: selfLoops adds those`, e);
    const key = Math.min(u, v) * N + Math.max(u, v);
    if (seen.has(key)) throw new PinlabInputError('edges', `edge ${u}–${v} is listed twice`, e);
    seen.add(key);
    rows.push(u, v);
    cols.push(v, u);
  }
  const E = rows.length;
  if (E === 0) throw new PinlabInputError('edges', 'must hold at least one edge');
  if (selfLoops) {
    for (let i = 0; i < N; i++) {
      rows.push(i);
      cols.push(i);
    }
  }
  const cells = N * N;
  return {
    numNodes: N,
    rows: tf.tensor1d(Int32Array.from(rows), 'int32'),
    cols: tf.tensor1d(Int32Array.from(cols), 'int32'),
    posWeight: (cells - E) / E,
    norm: cells / (2 * (cells - E)),
  };
}

/**
 * GAE's reconstruction loss: the inner-product decoder's logits X = Z Zᵀ over every node pair of
 * embeddings Z [N, d], labels y_ij = 1 on the targets' positives and 0 elsewhere:
 *   L = norm · mean_ij [ posWeight · y_ij · softplus(−x_ij) + (1 − y_ij) · softplus(x_ij) ]
 *     = norm / N² · [ Σ_ij softplus(x_ij) + Σ_{ij positive} (posWeight · softplus(−x_ij) − softplus(x_ij)) ]
 * (TensorFlow's weighted_cross_entropy_with_logits, written the second way so no label matrix exists).
 * The gradient is written out, which halves the [N, N] passes of autodiff: ∂L/∂x_ij = norm / N² ·
 * (σ(x_ij) − y_ij c_ij) with c = posWeight σ(−x) + σ(x); X and the labels are symmetric, so
 *   ∂L/∂Z = 2 norm / N² · (σ(X) Z − C Z),   C sparse with c_ij on the positives.
 */
export function innerProductAdjacencyBce(z: tf.Tensor2D, targets: AdjacencyTargets): tf.Scalar {
  const N = targets.numNodes;
  if (z.rank !== 2 || z.shape[0] !== N)
    throw new PinlabInputError('z', `must be [${N}, d] (one row per node), got [${z.shape.join(', ')}]`);
  const scale = targets.norm / (N * N);
  const { rows, cols, posWeight } = targets;
  const loss = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [zz, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    const x = tf.matMul(zz, zz, false, true);
    const xPos = pairDot(zz, rows, cols);
    const positive = tf.sub(tf.mul(tf.softplus(tf.neg(xPos)), posWeight), tf.softplus(xPos));
    save([zz, x, xPos]);
    return {
      value: tf.mul(tf.add(tf.sum(tf.softplus(x)), tf.sum(positive)), scale) as tf.Scalar,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [zs, xs, xp] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
        const c = tf.add(tf.mul(tf.sigmoid(tf.neg(xp)), posWeight), tf.sigmoid(xp));
        const d = zs.shape[1];
        const cz = edgeAggregate(tf.reshape(c, [-1, 1]), tf.reshape(zs, [N, 1, d]), cols, rows, N);
        const g = tf.sub(tf.matMul(tf.sigmoid(xs), zs), tf.reshape(cz, [N, d]));
        return tf.mul(g, tf.mul(dy, 2 * scale));
      },
    };
  });
  return loss(z) as tf.Scalar;
}

/** Disposes the targets' tensors. */
export function disposeAdjacencyTargets(t: AdjacencyTargets): void {
  tf.dispose([t.rows, t.cols]);
}
