import * as tf from '@tensorflow/tfjs';
import { PinlabInputError, requireInt } from '../errors';
import { matMulNTPooled } from './matmul';
import { shared, sharedFloats, sharedScratch, threadCount } from '../parallel';
import type { ScoreSource } from './topk';
import { readInPlace } from '../tf/kernels/io';

export type MatMulEngine = 'js' | 'tf';

/**
 * Scores = user embeddings · item embeddingsᵀ (row-major, `dim` columns each).
 * Engine 'js' uses the blocked TypeScript kernel (./matmul); 'tf' uses TensorFlow.js matMul on the
 * current backend (call `await chooseBackend()` first; on wasm it runs SIMD code several times
 * faster than any scalar JS loop — bench/gowalla.bench.ts measures both). Call `dispose()` when
 * done with a 'tf' source (it holds the item matrix on the backend).
 */
export class EmbeddingScores implements ScoreSource {
  readonly numUsers: number;
  readonly numItems: number;
  private readonly gathered: Float32Array;
  private itemTensor: tf.Tensor2D | null = null;

  constructor(
    readonly userEmb: Float32Array,
    readonly itemEmb: Float32Array,
    readonly dim: number,
    readonly engine: MatMulEngine = 'js',
    maxBlock = 512,
  ) {
    requireInt('dim', dim, 1);
    if (userEmb.length % dim !== 0)
      throw new PinlabInputError('userEmb', `length ${userEmb.length} is not a multiple of dim ${dim}`);
    if (itemEmb.length % dim !== 0)
      throw new PinlabInputError('itemEmb', `length ${itemEmb.length} is not a multiple of dim ${dim}`);
    this.numUsers = userEmb.length / dim;
    this.numItems = itemEmb.length / dim;
    // On SharedArrayBuffers, so the 'js' product runs on the worker pool (bit-identical rows).
    this.gathered = sharedFloats(maxBlock * dim);
    // Stored transposed (dim × numItems): tfjs-wasm's matMul with transposeB is several times
    // slower than the plain product on a pre-transposed operand (measured in bench/gowalla).
    if (engine === 'tf') this.itemTensor = tf.tidy(() => tf.transpose(tf.tensor2d(itemEmb, [this.numItems, dim])));
  }

  scoreBlock(users: Int32Array, out: Float32Array): void {
    const d = this.dim;
    const m = users.length;
    if (m * d > this.gathered.length)
      throw new PinlabInputError('users', `block of ${m} exceeds maxBlock ${this.gathered.length / d}`);
    // Gather the block's user rows contiguously (users need not be consecutive ids).
    for (let r = 0; r < m; r++) this.gathered.set(this.userEmb.subarray(users[r] * d, users[r] * d + d), r * d);
    const a = this.gathered.subarray(0, m * d);
    if (this.itemTensor) {
      const items = this.itemTensor;
      const res = tf.tidy(() => tf.matMul(tf.tensor2d(a, [m, d]), items));
      out.set(readInPlace(res));
      res.dispose();
    } else {
      // Items are copied per block (they may be a live model's array): ~10 MB against a block's
      // 2·m·numItems·dim flops. Without a second thread there is nothing to copy for.
      const pooled = threadCount() > 1;
      const items = pooled ? shared('embedding-scores-items', this.itemEmb) : this.itemEmb;
      const onShared = !pooled || out.buffer instanceof SharedArrayBuffer;
      const c = onShared ? out : sharedScratch('embedding-scores-out', Float32Array, m * this.numItems);
      matMulNTPooled(a, items, m, this.numItems, d, c);
      if (!onShared) out.set(c);
    }
  }

  /** Scores of individual (user, item) pairs, e.g. for ROC-AUC on labelled pairs. */
  pairScores(users: ArrayLike<number>, items: ArrayLike<number>): Float64Array {
    const d = this.dim;
    const out = new Float64Array(users.length);
    for (let k = 0; k < users.length; k++) {
      const uo = users[k] * d,
        io = items[k] * d;
      if (!(uo >= 0 && uo < this.userEmb.length && io >= 0 && io < this.itemEmb.length))
        throw new PinlabInputError('pairs', `(${users[k]}, ${items[k]}) out of range`, k);
      let s = 0;
      for (let t = 0; t < d; t++) s += this.userEmb[uo + t] * this.itemEmb[io + t];
      out[k] = s;
    }
    return out;
  }

  dispose(): void {
    this.itemTensor?.dispose();
    this.itemTensor = null;
  }
}
