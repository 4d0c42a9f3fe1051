import type { ImplicitSplit } from '../../data/types';
import { PinlabInputError, requireFinite, requireInt } from '../../errors';
import type { Rng } from '../../random/rng';
import { EmbeddingScores, type MatMulEngine } from '../../retrieval/embedding-scores';
import { Adam } from '../../train/adam';
import { cosineDecay } from '../../train/lr-schedule';
import { normalizedBipartite, sharedMatrix, spmm, type NormalizedBipartite } from '../../linalg/bipartite';
import { addScaled, scaleInto, zero } from '../../linalg/elementwise';
import { sharedFloats } from '../../parallel';
import { BprSampler, type BprDraw } from '../../train/bpr-sampler';
import { bprScatter } from './bpr-scatter';
import { softmaxScatter, unitRow } from './softmax-scatter';
import { spectralEmbeddings } from './spectral-init';
import { requireSameState, type Recommender } from '../../train/recommender';

/**
 * LightGCN's objective: the paper's BPR on dot products, or a sampled softmax on cosine similarities
 * (`softmaxScatter`) whose `negatives` shared negatives per batch are the negatives the BPR sampler
 * drew for the batch's first `negatives` triples (uniform items, each outside its own triple's user's
 * training set), at `temperature` τ.
 */
export type LightGcnLoss =
  | { readonly kind: 'bpr' }
  | { readonly kind: 'sampled-softmax'; readonly negatives: number; readonly temperature: number };

export interface LightGcnOptions {
  readonly dim?: number;
  readonly layers?: number;
  readonly batchSize?: number;
  readonly lr?: number;
  /**
   * Decay `lr` to 0 along a cosine (`cosineDecay`) over this many epochs of batches; the rate is 0
   * from there on, so train no longer. Default: a constant `lr`.
   */
  readonly decayEpochs?: number;
  /** λ on the ego (layer-0) embeddings of each triple, divided by the batch size as in the paper's code (default 1e-4). */
  readonly l2?: number;
  readonly engine?: MatMulEngine;
  /**
   * Ego embeddings at the start: 'normal' (default), N(0, 0.1²) as the paper's code; 'spectral',
   * R̃'s top singular vectors at the same root mean square (`spectralEmbeddings`), a low-pass
   * filter's scores before the first step.
   */
  readonly init?: 'normal' | 'spectral';
  /** Default BPR. */
  readonly loss?: LightGcnLoss;
  /**
   * The triples' positives (`BprDraw`): 'interactions' (default), each training pair once per epoch;
   * 'users', a uniform user and one of its items, as the paper's code samples.
   */
  readonly draw?: BprDraw;
  /**
   * How the trained model ranks: 'dot' (default) e_u · e_i over the final embeddings, as the paper's
   * and the sampled-softmax reference code's predictions, so the propagated norms (which grow with
   * degree) carry popularity; 'cosine' the unit rows', the similarity the sampled softmax trains.
   */
  readonly scoring?: 'dot' | 'cosine';
  readonly log?: (line: string) => void;
}

/**
 * LightGCN (He et al., SIGIR 2020): no feature transforms or non-linearities, only propagation
 * over Â = D^{-1/2} A D^{-1/2} (A = [[0, R], [Rᵀ, 0]], nodes = users then items):
 *   E⁽ᵏ⁺¹⁾ = Â E⁽ᵏ⁾,  E = (1/(K+1)) Σ_{k=0..K} E⁽ᵏ⁾,  x_ui = e_u · e_i.
 * Loss per batch B of BPR triples:
 *   L = (1/|B|) Σ −ln σ(x_ui − x_uj) + (λ / 2|B|) Σ (‖e⁰_u‖² + ‖e⁰_i‖² + ‖e⁰_j‖²)
 * (or, with `loss` sampled-softmax, `softmaxScatter`'s loss and the L2 term on e⁰_u and e⁰_i only).
 * Gradient: with G = ∂L/∂E (nonzero only on the batch's rows; G_u −= g(e_i − e_j)/|B|,
 * G_i −= g e_u/|B|, G_j += g e_u/|B|, g = σ(−(x_ui − x_uj))) and Â symmetric,
 *   ∂L/∂E⁰ = (1/(K+1)) Σ_k Âᵏ G + (λ/|B|) E⁰ (rows of each triple occurrence),
 * i.e. the backward pass is the forward propagation applied to G. Adam on E⁰, at `lr` or, with
 * `decayEpochs`, at `cosineDecay`'s rate for the steps taken.
 * Each step costs 2K sparse products with 2·nnz(R)·dim multiply-adds each — so the whole graph is
 * propagated per batch; larger batches amortise it.
 */
export class LightGcn implements Recommender {
  readonly name = 'LightGCN';
  readonly dim: number;
  readonly layers: number;
  readonly ego: Float32Array;
  readonly graph: NormalizedBipartite;
  private readonly numUsers: number;
  private readonly batchSize: number;
  private readonly l2: number;
  private readonly lr: number;
  /** Steps of the cosine decay, or 0 for a constant rate. */
  private readonly decaySteps: number;
  private readonly objective: LightGcnLoss;
  private readonly scoring: 'dot' | 'cosine';
  private readonly engine: MatMulEngine;
  private readonly sampler: BprSampler;
  readonly adam: Adam;
  private readonly final: Float32Array;
  private readonly bufA: Float32Array;
  private readonly bufB: Float32Array;
  private readonly grad: Float32Array;

  constructor(
    readonly split: ImplicitSplit,
    rng: Rng,
    options: LightGcnOptions = {},
  ) {
    this.dim = options.dim ?? 64;
    this.layers = options.layers ?? 3;
    this.batchSize = options.batchSize ?? 2048;
    this.l2 = options.l2 ?? 1e-4;
    requireInt('dim', this.dim, 1);
    requireInt('layers', this.layers, 0);
    requireInt('batchSize', this.batchSize, 1);
    requireFinite('l2', this.l2, 0);
    this.lr = options.lr ?? 0.001;
    if (options.decayEpochs !== undefined) requireInt('decayEpochs', options.decayEpochs, 1);
    this.decaySteps = (options.decayEpochs ?? 0) * Math.ceil(split.train.ids.length / this.batchSize);
    this.objective = options.loss ?? { kind: 'bpr' };
    if (this.objective.kind === 'sampled-softmax') {
      requireInt('loss.negatives', this.objective.negatives, 1, this.batchSize);
      requireFinite('loss.temperature', this.objective.temperature, Number.MIN_VALUE);
    } else if (this.objective.kind !== 'bpr')
      throw new PinlabInputError(
        'loss',
        `kind must be 'bpr' or 'sampled-softmax', got '${String((this.objective as { kind: unknown }).kind)}'`,
      );
    this.scoring = options.scoring ?? 'dot';
    if (this.scoring !== 'dot' && this.scoring !== 'cosine')
      throw new PinlabInputError('scoring', `must be 'dot' or 'cosine', got '${String(this.scoring)}'`);
    this.engine = options.engine ?? 'js';
    this.numUsers = split.numUsers;
    const size = (split.numUsers + split.numItems) * this.dim;
    // Embeddings, propagation buffers and the graph live on SharedArrayBuffers, so the sparse
    // products run on the worker pool (lib/parallel) without copies; the arithmetic is unchanged.
    const graph = normalizedBipartite(split.train, split.numItems);
    this.graph = { ...graph, byUser: sharedMatrix(graph.byUser), byItem: sharedMatrix(graph.byItem) };
    this.ego = sharedFloats(size);
    const init = options.init ?? 'normal';
    if (init === 'spectral') this.ego.set(spectralEmbeddings(this.graph, this.dim, rng, { log: options.log }));
    else if (init === 'normal') for (let k = 0; k < size; k++) this.ego[k] = 0.1 * rng.normal();
    else throw new PinlabInputError('init', `must be 'normal' or 'spectral', got '${String(init)}'`);
    this.sampler = new BprSampler(split.train, split.numItems, options.draw);
    this.adam = new Adam(size, this.lr);
    this.final = sharedFloats(size);
    this.bufA = sharedFloats(size);
    this.bufB = sharedFloats(size);
    this.grad = sharedFloats(size);
  }

  /** out = Â x over the stacked [users; items] layout. */
  private propagateOnce(x: Float32Array, out: Float32Array): void {
    const cut = this.numUsers * this.dim;
    spmm(this.graph.byUser, x.subarray(cut), this.dim, out.subarray(0, cut));
    spmm(this.graph.byItem, x.subarray(0, cut), this.dim, out.subarray(cut));
  }

  /** out = (1/(K+1)) Σ_k Âᵏ x (the forward map; also the backward map, Â being symmetric). */
  propagate(x: Float32Array, out: Float32Array): void {
    // The layer sums are elementwise passes on the pool (bit-identical at any thread count).
    const scale = 1 / (this.layers + 1);
    scaleInto(x, scale, out);
    let cur = x;
    for (let l = 0; l < this.layers; l++) {
      const next = cur === this.bufA ? this.bufB : this.bufA;
      this.propagateOnce(cur, next);
      addScaled(out, next, scale);
      cur = next;
    }
  }

  /**
   * Loss and gradient for triples [from, to) of the sampler's buffers: returns their summed BPR
   * loss and leaves ∂L/∂E⁰ in `final` (free until the next forward pass).
   */
  private lossAndGradient(from: number, to: number): number {
    const d = this.dim,
      E = this.final,
      G = this.grad,
      E0 = this.ego;
    const s = this.sampler;
    const off = this.numUsers;
    const inv = 1 / (to - from);
    this.propagate(E0, E);
    zero(G);
    const o = this.objective;
    const cosine = o.kind === 'sampled-softmax';
    const loss = cosine
      ? softmaxScatter(
          E,
          G,
          { users: s.users, pos: s.pos, negatives: s.neg.subarray(from, Math.min(to, from + o.negatives)) },
          from,
          to,
          off,
          d,
          o.temperature,
        )
      : bprScatter(E, G, s, from, to, off, d);
    // Backward: the gradient flows through the same linear map (into `final`, free until the next forward).
    this.propagate(G, E);
    const reg = this.l2 * inv;
    for (let t = from; t < to; t++) {
      const u = s.users[t] * d,
        i = (off + s.pos[t]) * d,
        j = (off + s.neg[t]) * d;
      for (let c = 0; c < d; c++) {
        E[u + c] += reg * E0[u + c];
        E[i + c] += reg * E0[i + c];
        if (!cosine) E[j + c] += reg * E0[j + c];
      }
    }
    return loss;
  }

  trainEpoch(rng: Rng): number {
    const s = this.sampler;
    s.epoch(rng);
    const n = s.users.length;
    let total = 0;
    for (let from = 0; from < n; from += this.batchSize) total += this.stepOn(from, Math.min(n, from + this.batchSize));
    return total / n;
  }

  /** One training step (gradient, then Adam on E⁰) on triples [from, to) of the sampler's buffers: their summed loss. */
  private stepOn(from: number, to: number): number {
    const loss = this.lossAndGradient(from, to);
    if (this.decaySteps > 0) this.adam.lr = cosineDecay(this.lr, this.adam.t, this.decaySteps);
    this.adam.step(this.ego, this.final);
    return loss;
  }

  /** One training step on the given triples, as `trainEpoch` takes them (overwrites the sampler's buffers): their summed loss. */
  trainBatch(users: Int32Array, pos: Int32Array, neg: Int32Array): number {
    this.loadTriples(users, pos, neg);
    return this.stepOn(0, users.length);
  }

  private loadTriples(users: Int32Array, pos: Int32Array, neg: Int32Array): void {
    const s = this.sampler;
    s.users.set(users);
    s.pos.set(pos);
    s.neg.set(neg);
  }

  /** The full BPR objective L on triples (u, i, j) given as arrays (for gradient checks; BPR models only). */
  loss(users: Int32Array, pos: Int32Array, neg: Int32Array): number {
    if (this.objective.kind !== 'bpr')
      throw new PinlabInputError('loss', `loss() evaluates BPR; this model trains '${this.objective.kind}'`);
    const d = this.dim,
      E = this.final,
      E0 = this.ego,
      off = this.numUsers;
    this.propagate(E0, E);
    let l = 0,
      reg = 0;
    for (let t = 0; t < users.length; t++) {
      const u = users[t] * d,
        i = (off + pos[t]) * d,
        j = (off + neg[t]) * d;
      let x = 0;
      for (let c = 0; c < d; c++) {
        x += E[u + c] * (E[i + c] - E[j + c]);
        reg += E0[u + c] ** 2 + E0[i + c] ** 2 + E0[j + c] ** 2;
      }
      l += Math.log1p(Math.exp(-x));
    }
    return l / users.length + (this.l2 / (2 * users.length)) * reg;
  }

  /** ∂loss/∂E⁰ for the given triples, as a training step computes it (for gradient checks; overwrites the sampler's buffers). */
  gradient(users: Int32Array, pos: Int32Array, neg: Int32Array): Float32Array {
    this.loadTriples(users, pos, neg);
    this.lossAndGradient(0, users.length);
    return Float32Array.from(this.final);
  }

  /** Final (propagated) embeddings, users then items. */
  embeddings(): Float32Array {
    this.propagate(this.ego, this.final);
    return this.final;
  }

  scoreSource() {
    const e = this.embeddings();
    const cut = this.numUsers * this.dim;
    const users = e.slice(0, cut),
      items = e.slice(cut);
    // Cosine: unit rows (a user's own scale does not change its ranking, only the items' do).
    if (this.scoring === 'cosine')
      for (const x of [users, items]) for (let o = 0; o < x.length; o += this.dim) unitRow(x, o, x, o, this.dim);
    return new EmbeddingScores(users, items, this.dim, this.engine);
  }

  state() {
    return { ego: this.ego, adamM: this.adam.m, adamV: this.adam.v, adamT: Float32Array.of(this.adam.t) };
  }

  restore(state: Record<string, Float32Array>): void {
    requireSameState('state', this.state(), state);
    this.ego.set(state.ego);
    this.adam.m.set(state.adamM);
    this.adam.v.set(state.adamV);
    this.adam.t = state.adamT[0];
  }
}
