import { inBatchSoftmaxLoss } from '../../losses/in-batch-softmax';
import * as tf from '@tensorflow/tfjs';
import { PinlabInputError, requireFinite, requireInt } from '../../errors';
import type { World } from '../../data/world/world';
import type { FeatureStore } from '../../features/feature-store';
import { Rng } from '../../random/rng';
import { EventSequences } from './event-sequences';
import {
  constantVariable,
  encoderVariant,
  randomVariable,
  TransformerEncoder,
  type EncoderVariantName,
} from '../../nn/transformer-encoder';
import { readInPlace } from '../../tf/kernels/io';

export interface TwoTowerOptions {
  /** true: the request-time MLP also sees the subject pin (contextual); false: history only (context-blind). */
  readonly useContext: boolean;
  readonly seqLength?: number;
  readonly dModel?: number;
  readonly heads?: number;
  readonly layers?: number;
  readonly ffn?: number;
  /**
   * The history encoder's variant (`ENCODER_VARIANTS`): 'pre-ln' (default) or 'official-sasrec', the
   * official SASRec code's details (√D-scaled embeddings, zeroed padding, query-only LayerNorm,
   * Glorot init), which lifted SASRec on Amazon Games (docs/amazon-games.md). Another name is a
   * PinlabInputError (a notebook parameter arrives as a string).
   */
  readonly encoder?: EncoderVariantName | string;
  readonly queryHidden?: number;
  /** Width of the retrieval embeddings (query and ad). */
  readonly outDim?: number;
  /** Softmax temperature on cosine scores. */
  readonly temperature?: number;
  /** Probability of hiding the context in a training example (the reference trains with high context dropout). */
  readonly contextDropout?: number;
  /** The offline user tower runs once per period: a request at t reads the snapshot of ⌊t / P⌋·P. Default 1 day. */
  readonly snapshotSeconds?: number;
}

const AGE_DIM = 8;

/** Rows scaled to unit length: x / √(Σx² + ε) (ε keeps the gradient finite at 0). */
function l2Normalize(x: tf.Tensor): tf.Tensor2D {
  return tf.div(x, tf.sqrt(tf.add(tf.sum(tf.square(x), -1, true), 1e-12))) as tf.Tensor2D;
}

/** One batch of training examples as the model consumes them. */
export interface TwoTowerBatch {
  readonly tokens: Int32Array;
  readonly age: Int32Array;
  readonly context: Int32Array;
  readonly target: Int32Array;
  readonly size: number;
}

/**
 * The sequential two-tower retriever of the reference, with or without real-time context.
 *
 * User side: the Transformer encoder (lib/nn/transformer-encoder.ts) reads the user's L most recent
 * engagements before the snapshot time τ = ⌊t / P⌋·P; its last hidden state h_u(τ) is what the
 * offline job stores in the feature store. At request time a two-layer MLP maps
 * [h_u(τ), E_age[g_u], (contextual only) E[x] + E_cat[c_x]] to the query q (x: the subject pin,
 * or a learned "no context" token on the home feed).
 * Ad side: e_i = W_item (E[i] + E_cat[c_i]) + b (token tables shared with the encoder).
 * Score: s(q, i) = cos(q, e_i) / T.
 *
 * Loss: in-batch sampled softmax with log-Q correction (Yi et al., RecSys 2019). For a batch of
 * B (query, engaged item) pairs, logit_{bj} = s(q_b, e_{j}) − ln Q(j), Q(j) the frequency of item
 * j among training targets (the in-batch sampling probability); other rows with the same target
 * are masked out; loss = mean_b −ln softmax(logit_b)_b.
 */
export class SequentialTwoTower {
  readonly sequences: EventSequences;
  readonly encoder: TransformerEncoder;
  readonly ageEmbedding: tf.Variable;
  readonly qW1: tf.Variable;
  readonly qb1: tf.Variable;
  readonly qW2: tf.Variable;
  readonly qb2: tf.Variable;
  readonly itemW: tf.Variable;
  readonly itemB: tf.Variable;
  readonly useContext: boolean;
  readonly seqLength: number;
  readonly dModel: number;
  readonly outDim: number;
  readonly temperature: number;
  readonly contextDropout: number;
  readonly snapshotSeconds: number;

  constructor(
    readonly world: World,
    opts: TwoTowerOptions,
    seed: number,
  ) {
    this.useContext = opts.useContext;
    this.seqLength = opts.seqLength ?? 16;
    this.dModel = opts.dModel ?? 32;
    this.outDim = opts.outDim ?? 32;
    this.temperature = opts.temperature ?? 0.1;
    this.contextDropout = opts.contextDropout ?? 0;
    this.snapshotSeconds = opts.snapshotSeconds ?? 86_400;
    const hidden = opts.queryHidden ?? 64;
    requireInt('outDim', this.outDim, 1);
    requireInt('queryHidden', hidden, 1);
    requireFinite('temperature', this.temperature);
    if (!(this.temperature > 0)) throw new PinlabInputError('temperature', `must be > 0, got ${this.temperature}`);
    if (!(this.contextDropout >= 0 && this.contextDropout <= 1))
      throw new PinlabInputError('contextDropout', `must be in [0, 1], got ${this.contextDropout}`);
    if (!(this.snapshotSeconds > 0))
      throw new PinlabInputError('snapshotSeconds', `must be > 0, got ${this.snapshotSeconds}`);
    this.sequences = new EventSequences(world, this.seqLength);
    const C = world.categories.length;
    const tokenCategory = new Int32Array(this.sequences.vocab).fill(C);
    tokenCategory.set(world.items.category);
    const rng = new Rng(seed);
    this.encoder = new TransformerEncoder(
      {
        vocab: this.sequences.vocab,
        length: this.seqLength,
        dModel: this.dModel,
        heads: opts.heads ?? 2,
        layers: opts.layers ?? 1,
        ffn: opts.ffn ?? 2 * this.dModel,
        padToken: this.sequences.padToken,
        tokenCategory,
        categories: C + 1,
        ...encoderVariant(opts.encoder ?? 'pre-ln'),
      },
      rng.fork('encoder'),
    );
    const D = this.dModel;
    const input = D + AGE_DIM + (this.useContext ? D : 0);
    this.ageEmbedding = randomVariable(rng.fork('age'), [world.ageGroups.length, AGE_DIM], 0.1);
    this.qW1 = randomVariable(rng.fork('q1'), [input, hidden], Math.sqrt(2 / input));
    this.qb1 = constantVariable([hidden], 0);
    this.qW2 = randomVariable(rng.fork('q2'), [hidden, this.outDim], Math.sqrt(1 / hidden));
    this.qb2 = constantVariable([this.outDim], 0);
    this.itemW = randomVariable(rng.fork('item'), [D, this.outDim], Math.sqrt(1 / D));
    this.itemB = constantVariable([this.outDim], 0);
  }

  get name(): string {
    return this.useContext ? 'contextual' : 'context-blind';
  }

  variables(): tf.Variable[] {
    return [
      ...this.encoder.variables(),
      this.ageEmbedding,
      this.qW1,
      this.qb1,
      this.qW2,
      this.qb2,
      this.itemW,
      this.itemB,
    ];
  }

  /** Snapshot version (period index) whose stored embedding a request at time t reads. */
  versionAt(t: number): number {
    return Math.floor(t / this.snapshotSeconds);
  }

  /** The context token of a request: the subject pin, or the "no context" token. */
  contextToken(contextItem: number): number {
    return contextItem >= 0 ? contextItem : this.sequences.emptyToken;
  }

  /** Request-time MLP: normalised queries [B, outDim] from history embeddings h [B, D]. */
  query(h: tf.Tensor2D, age: tf.Tensor1D, context: tf.Tensor1D): tf.Tensor2D {
    const parts: tf.Tensor2D[] = [h, tf.gather(this.ageEmbedding, age) as tf.Tensor2D];
    if (this.useContext) parts.push(this.encoder.embedTokens(context));
    const z = tf.relu(tf.add(tf.matMul(tf.concat(parts, 1), this.qW1), this.qb1));
    return l2Normalize(tf.add(tf.matMul(z, this.qW2), this.qb2));
  }

  /** Ad/item tower: normalised embeddings [n, outDim] of item ids. */
  items(ids: tf.Tensor1D): tf.Tensor2D {
    return l2Normalize(tf.add(tf.matMul(this.encoder.embedTokens(ids), this.itemW), this.itemB));
  }

  /** In-batch sampled-softmax loss with log-Q correction (lib/losses/in-batch-softmax); `logQ[i]` = ln Q(item i). */
  loss(batch: TwoTowerBatch, logQ: Float32Array): tf.Scalar {
    const B = batch.size;
    const L = this.seqLength;
    return tf.tidy(() => {
      const h = this.encoder.encodeLast(tf.tensor2d(batch.tokens.subarray(0, B * L), [B, L], 'int32'));
      const q = this.query(
        h,
        tf.tensor1d(batch.age.subarray(0, B), 'int32'),
        tf.tensor1d(batch.context.subarray(0, B), 'int32'),
      );
      const target = batch.target.subarray(0, B);
      const e = this.items(tf.tensor1d(target, 'int32'));
      return inBatchSoftmaxLoss(tf.div(tf.matMul(q, e, false, true), this.temperature), target, logQ);
    });
  }

  /** Ad-tower embeddings of `items` as a row-major Float32Array (n × outDim). */
  itemEmbeddings(items: Int32Array): Float32Array {
    const t = tf.tidy(() => this.items(tf.tensor1d(items, 'int32')));
    const v = t.dataSync() as Float32Array;
    t.dispose();
    return Float32Array.from(v);
  }

  /** History embeddings h_u(τ) [users.length × D] by the offline user tower, in blocks of `block`. */
  historyEmbeddings(users: Int32Array, tau: number, block = 512): Float32Array {
    const L = this.seqLength;
    const D = this.dModel;
    const out = new Float32Array(users.length * D);
    const tokens = new Int32Array(block * L);
    for (let s = 0; s < users.length; s += block) {
      const n = Math.min(block, users.length - s);
      for (let k = 0; k < n; k++) this.sequences.write(users[s + k], tau, tokens, k * L);
      const h = tf.tidy(() => this.encoder.encodeLast(tf.tensor2d(tokens.subarray(0, n * L), [n, L], 'int32')));
      out.set(readInPlace(h), s * D);
      h.dispose();
    }
    return out;
  }

  /**
   * The offline job: for each version v in `versions`, every user's h_u(v·P) written to `store`
   * (which must be users × dModel).
   */
  writeSnapshots(store: FeatureStore, versions: readonly number[]): void {
    if (store.users !== this.world.users.count || store.dim !== this.dModel) {
      throw new PinlabInputError(
        'store',
        `must be ${this.world.users.count} users × ${this.dModel}, got ${store.users} × ${store.dim}`,
      );
    }
    const all = Int32Array.from({ length: this.world.users.count }, (_, u) => u);
    for (const v of versions) store.put(v, this.historyEmbeddings(all, v * this.snapshotSeconds));
  }

  dispose(): void {
    this.encoder.dispose();
    tf.dispose([this.ageEmbedding, this.qW1, this.qb1, this.qW2, this.qb2, this.itemW, this.itemB]);
  }
}
