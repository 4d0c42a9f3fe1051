import * as tf from '@tensorflow/tfjs';
import { requireInt } from '../errors';
import { edgeAggregate } from '../tf/kernels';
import { ForwardContext, dropout } from './module';

/**
 * A sparse node-feature matrix as (row, column, value) triples, e.g. Cora's bag of words (1.3 %
 * non-zero): the first layer's x W then costs O(nnz × K) instead of O(N × F × K).
 */
export interface SparseFeatures {
  readonly numRows: number;
  readonly numCols: number;
  readonly rows: tf.Tensor1D;
  readonly cols: tf.Tensor1D;
  /** [nnz, 1] */
  readonly values: tf.Tensor2D;
}

/** Node features as a dense [N, F] tensor or sparse triples. */
export type NodeFeaturesInput = tf.Tensor2D | SparseFeatures;

/** The non-zeros of a row-major dense matrix. */
export function sparseFeatures(dense: Float32Array, numRows: number, numCols: number): SparseFeatures {
  requireInt('numRows', numRows, 1);
  requireInt('numCols', numCols, 1, Math.floor(dense.length / numRows));
  let nnz = 0;
  for (let i = 0; i < numRows * numCols; i++) if (dense[i] !== 0) nnz++;
  const rows = new Int32Array(nnz);
  const cols = new Int32Array(nnz);
  const vals = new Float32Array(nnz);
  for (let i = 0, k = 0; i < numRows * numCols; i++) {
    if (dense[i] === 0) continue;
    rows[k] = Math.floor(i / numCols);
    cols[k] = i % numCols;
    vals[k++] = dense[i];
  }
  return {
    numRows,
    numCols,
    rows: tf.tensor1d(rows, 'int32'),
    cols: tf.tensor1d(cols, 'int32'),
    values: tf.tensor2d(vals, [nnz, 1]),
  };
}

/**
 * dropout(x) W for dense or sparse x. The sparse product is the edge aggregation of W's rows,
 * out[r] = Σ_{(r, c, v)} v · W[c], whose x-gradient (reversed aggregation) is exactly Xᵀ dY;
 * dropout on the stored values equals dropout on the dense matrix (zeros stay zero).
 */
export function project(x: NodeFeaturesInput, w: tf.Tensor2D, rate: number, ctx: ForwardContext): tf.Tensor2D {
  if (x instanceof tf.Tensor) return tf.matMul(dropout(x, rate, ctx), w);
  const [F, K] = w.shape;
  const out = edgeAggregate(
    dropout(x.values, rate, ctx),
    tf.reshape(w, [F, 1, K]) as tf.Tensor3D,
    x.cols,
    x.rows,
    x.numRows,
  );
  return tf.reshape(out, [x.numRows, K]) as tf.Tensor2D;
}

export function disposeFeatures(x: NodeFeaturesInput): void {
  if (x instanceof tf.Tensor) x.dispose();
  else tf.dispose([x.rows, x.cols, x.values]);
}
