import * as tf from '@tensorflow/tfjs';
import { PinlabInputError, requireFinite, requireInt } from '../../errors';
import { fullSoftmaxLoss, sampledSoftmaxLoss } from '../../losses/in-batch-softmax';
import { sampledBceLoss } from '../../losses/sampled-bce';
import type { NextItemScorer } from '../../metrics/next-item';
import type { ForwardContext } from '../../nn/module';
import { TransformerEncoder, type EncoderVariant } from '../../nn/transformer-encoder';
import { Rng } from '../../random/rng';
import type { EpochContext, Trainable } from '../../train/fit';
import { TfAdam } from '../../train/tf-adam';
import { historyTokens, sasrecBatches, type SasrecBatch } from './sasrec-batches';
import { readInPlace } from '../../tf/kernels/io';

/**
 * SASRec's training objective at every position:
 * - `bce`: the paper's, one negative per position drawn uniformly from items outside the user's sequence;
 * - `sampled-softmax`: softmax over the target and `negatives` items shared by the batch (uniform, or
 *   by training frequency with the ln Q correction), accidental hits removed (Klenitskiy & Vasilev 2023);
 * - `full-softmax`: softmax over every item.
 */
export type SasrecLoss = 'bce' | 'sampled-softmax' | 'full-softmax';

export interface SasrecOptions {
  readonly numItems: number;
  readonly loss: SasrecLoss;
  /** Default 50 (the paper's maxlen for the Amazon sets). */
  readonly maxLen?: number;
  /** Default 50. */
  readonly dModel?: number;
  /** Transformer blocks, default 2. */
  readonly blocks?: number;
  /** Attention heads, default 1. */
  readonly heads?: number;
  /** Default 0.5 (the paper's for the sparse Amazon sets). */
  readonly dropout?: number;
  /** Users per batch, default 128. */
  readonly batch?: number;
  /** Adam's step, default 0.001 (β2 = 0.98 as the paper). */
  readonly lr?: number;
  /** Shared negatives per batch of `sampled-softmax`, default 256. */
  readonly negatives?: number;
  /** How `sampled-softmax` draws negatives, default 'uniform'. */
  readonly negativeSampler?: 'uniform' | 'popularity';
  /**
   * Default true: Adam updates only the embedding rows a batch reads (lazy Adam). False: dense Adam
   * over the whole table, as the paper's TensorFlow code (and always for `full-softmax`).
   */
  readonly lazyEmbedding?: boolean;
  /**
   * The official code's encoder details (`OFFICIAL_SASREC_ENCODER` sets them all); each default off,
   * pinlab's pre-LN encoder.
   */
  readonly encoder?: EncoderVariant;
}

/**
 * SASRec (Kang & McAuley, ICDM 2018): pinlab's Transformer encoder with learned positions and causal
 * attention over a user's last `maxLen` items (token = item + 1, 0 = padding), scoring item i after
 * position t by s_t,i = h_t · E[i + 1] with the input embedding E shared as the output layer. Trains
 * next-item prediction at every position (`SasrecLoss`) with Adam through `fit` (a `Trainable`: one
 * epoch is one pass over `sequences`; `state`/`restore` hold weights and Adam's moments).
 */
export class Sasrec implements NextItemScorer, Trainable {
  readonly encoder: TransformerEncoder;
  readonly numItems: number;
  readonly maxLen: number;
  readonly loss: SasrecLoss;
  private readonly batch: number;
  private readonly negatives: number;
  private readonly lazyEmbedding: boolean;
  private readonly optimizer: TfAdam;
  /** Sampling distribution of `popularity` negatives (cumulative) and its ln Q. */
  private readonly popularity: { cdf: Float64Array; logQ: Float32Array } | null = null;
  /** Scratch: each embedding row's index in a batch's local copy. */
  private readonly localRow: Int32Array;

  constructor(
    readonly sequences: readonly Int32Array[],
    opts: SasrecOptions,
    seed: number,
  ) {
    const { numItems, loss } = opts;
    requireInt('numItems', numItems, 1);
    if (!['bce', 'sampled-softmax', 'full-softmax'].includes(loss))
      throw new PinlabInputError('loss', `must be bce, sampled-softmax or full-softmax, got '${loss}'`);
    this.numItems = numItems;
    this.loss = loss;
    this.maxLen = opts.maxLen ?? 50;
    this.batch = opts.batch ?? 128;
    this.negatives = opts.negatives ?? 256;
    this.lazyEmbedding = (opts.lazyEmbedding ?? true) && loss !== 'full-softmax';
    requireInt('maxLen', this.maxLen, 1);
    requireInt('batch', this.batch, 1);
    requireInt('negatives', this.negatives, 1);
    const lr = opts.lr ?? 0.001;
    requireFinite('lr', lr, 0);
    sequences.forEach((s, u) =>
      s.forEach((i, j) => {
        if (!(Number.isInteger(i) && i >= 0 && i < numItems))
          throw new PinlabInputError('sequences', `user ${u} position ${j}: item ${i} not in [0, ${numItems})`, u);
      }),
    );
    const D = opts.dModel ?? 50;
    this.encoder = new TransformerEncoder(
      {
        vocab: numItems + 1,
        length: this.maxLen,
        dModel: D,
        heads: opts.heads ?? 1,
        layers: opts.blocks ?? 2,
        ffn: D,
        padToken: 0,
        positions: 'learned',
        causal: true,
        dropout: opts.dropout ?? 0.5,
        ...opts.encoder,
      },
      new Rng(seed).fork('encoder'),
    );
    // tokenEmbedding is variables()[0]: the lazily updated table.
    this.optimizer = new TfAdam(this.encoder.variables(), lr, 0.9, 0.98);
    this.localRow = new Int32Array(numItems + 1);
    if (loss === 'sampled-softmax' && opts.negativeSampler === 'popularity') {
      const count = new Float64Array(numItems);
      let total = 0;
      for (const s of sequences) for (let j = 1; j < s.length; j++, total++) count[s[j]]++;
      const cdf = new Float64Array(numItems);
      const logQ = new Float32Array(numItems);
      let acc = 0;
      // Add-one smoothing: every item can be drawn, so ln Q is finite everywhere.
      for (let i = 0; i < numItems; i++) {
        const p = (count[i] + 1) / (total + numItems);
        cdf[i] = acc += p;
        logQ[i] = Math.log(p);
      }
      this.popularity = { cdf, logQ };
    }
  }

  /**
   * Mean training loss of one batch's positions, as a scalar to differentiate. `negatives` are the
   * batch's draws (per position for `bce`, shared for `sampled-softmax`); `table`, when given, holds
   * the embedding rows `rows` (sorted) that the batch reads, used in place of the full table.
   */
  batchLoss(
    b: SasrecBatch,
    negatives: Int32Array | null,
    ctx: ForwardContext | undefined,
    table?: { readonly rows: Int32Array; readonly local: tf.Tensor2D },
  ): tf.Scalar {
    return tf.tidy(() => {
      const D = this.encoder.config.dModel;
      const E = this.encoder.tokenEmbedding;
      if (table) table.rows.forEach((t, r) => (this.localRow[t] = r));
      const lookup = (tokens: Int32Array) =>
        (table
          ? tf.gather(
              table.local,
              Int32Array.from(tokens, (t) => this.localRow[t]),
            )
          : tf.gather(E, tokens)) as tf.Tensor2D;
      const embed = (items: Int32Array) => lookup(Int32Array.from(items, (i) => i + 1));
      const tokens = tf.tensor2d(b.tokens, [b.size, b.length], 'int32');
      const states = this.encoder.encodeEmbedded(lookup(b.tokens).reshape([b.size, b.length, D]), tokens, ctx);
      const hidden = tf.gather(states.reshape([b.size * b.length, D]), b.positions) as tf.Tensor2D;
      const positive = tf.sum(tf.mul(hidden, embed(b.targets)), 1) as tf.Tensor1D;
      if (this.loss === 'bce') {
        const negative = tf.sum(tf.mul(hidden, embed(negatives as Int32Array)), 1) as tf.Tensor1D;
        return sampledBceLoss(positive, negative);
      }
      if (this.loss === 'full-softmax') {
        return fullSoftmaxLoss(hidden, E.slice([1, 0]) as tf.Tensor2D, b.targets);
      }
      const ids = negatives as Int32Array;
      const negative = tf.matMul(hidden, embed(ids), false, true) as tf.Tensor2D;
      return sampledSoftmaxLoss(positive, negative, b.targets, ids, this.popularity?.logQ);
    });
  }

  /** The embedding rows (sorted, distinct) a batch reads: its tokens, targets and negatives. */
  private rowsOf(b: SasrecBatch, negatives: Int32Array | null): Int32Array {
    const seen = new Uint8Array(this.numItems + 1);
    for (const t of b.tokens) seen[t] = 1;
    for (const i of b.targets) seen[i + 1] = 1;
    if (negatives) for (const i of negatives) seen[i + 1] = 1;
    const rows: number[] = [];
    seen.forEach((x, t) => x && rows.push(t));
    return Int32Array.from(rows);
  }

  /** One negative per position, uniform over the items outside its user's sequence (the paper's random_neq). */
  private bceNegatives(b: SasrecBatch, rng: Rng): Int32Array {
    const out = new Int32Array(b.targets.length);
    for (let r = 0; r < out.length; r++) {
      const seq = this.sequences[b.users[r]];
      let i: number;
      do i = rng.int(this.numItems);
      while (seq.includes(i));
      out[r] = i;
    }
    return out;
  }

  private sharedNegatives(rng: Rng): Int32Array {
    const out = new Int32Array(this.negatives);
    const pop = this.popularity;
    for (let k = 0; k < out.length; k++) {
      if (!pop) {
        out[k] = rng.int(this.numItems);
        continue;
      }
      const u = rng.next() * pop.cdf[pop.cdf.length - 1];
      let lo = 0;
      let hi = pop.cdf.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (pop.cdf[mid] <= u) lo = mid + 1;
        else hi = mid;
      }
      out[k] = lo;
    }
    return out;
  }

  trainEpoch(rng: Rng, ctx: EpochContext): number {
    const batches = sasrecBatches(this.sequences, this.maxLen, this.batch, rng.fork('batches'));
    const draws = rng.fork('draws');
    let total = 0;
    let n = 0;
    const forward = { training: true, rng: draws };
    for (const b of batches) {
      if (ctx.outOfTime()) break;
      const negatives =
        this.loss === 'bce'
          ? this.bceNegatives(b, draws)
          : this.loss === 'sampled-softmax'
            ? this.sharedNegatives(draws)
            : null;
      if (!this.lazyEmbedding) {
        total += this.optimizer.minimize(() => this.batchLoss(b, negatives, forward));
      } else {
        // Only the rows the batch reads get a gradient and an update (lazy Adam), not the whole table
        // (`npm run bench -- sasrec` compares the two).
        const rows = this.rowsOf(b, negatives);
        total += this.optimizer.minimize(
          (local) => this.batchLoss(b, negatives, forward, { rows, local: local as tf.Tensor2D }),
          { index: 0, rows },
        );
      }
      n++;
    }
    return n > 0 ? total / n : NaN;
  }

  /** Scores of every item after each history (its last `maxLen` items), in chunks of 256 histories. */
  scoreAll(histories: readonly Int32Array[]): Float32Array {
    const I = this.numItems;
    const out = new Float32Array(histories.length * I);
    for (let s = 0; s < histories.length; s += 256) {
      const chunk = histories.slice(s, s + 256);
      const { tokens, length } = historyTokens(chunk, this.maxLen);
      const scores = tf.tidy(() => {
        const h = this.encoder.forward(tf.tensor2d(tokens, [chunk.length, length], 'int32'));
        const last = h.slice([0, length - 1, 0], [chunk.length, 1, -1]).reshape([chunk.length, -1]);
        return tf.matMul(last, this.encoder.tokenEmbedding.slice([1, 0]), false, true);
      });
      out.set(readInPlace(scores), s * I);
      scores.dispose();
    }
    return out;
  }

  state(): Record<string, Float32Array> {
    const out: Record<string, Float32Array> = {};
    this.encoder.variables().forEach((v, i) => (out[`encoder.${i}`] = v.dataSync() as Float32Array));
    return { ...out, ...this.optimizer.state() };
  }

  restore(state: Record<string, Float32Array>): void {
    tf.tidy(() => this.encoder.variables().forEach((v, i) => v.assign(tf.tensor(state[`encoder.${i}`], v.shape))));
    this.optimizer.restore(state);
  }

  dispose(): void {
    this.encoder.dispose();
    this.optimizer.dispose();
  }
}
