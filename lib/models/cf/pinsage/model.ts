import type { ImplicitSplit } from '../../../data/types';
import { PinlabInputError, requireFinite, requireInt } from '../../../errors';
import type { Rng } from '../../../random/rng';
import { EmbeddingScores, type MatMulEngine } from '../../../retrieval/embedding-scores';
import { Adam } from '../../../train/adam';
import { gemm } from '../../../linalg/blas';
import { PinSageConv, type ParamAllocator, type PinSageDims } from './conv';
import { PinSageHead } from './head';
import { BprSampler, sampleDistinct } from '../../../train/bpr-sampler';
import { sharedMatrix, spmm, transposeCsr, type SparseMatrix } from '../../../linalg/bipartite';
import { sharedFloats } from '../../../parallel';
import { bipartiteCsr, pinsageNeighbourhoods, pprHardNegatives, type PinSageNeighbourhoods } from './neighbourhoods';
import { requireSameState, type Recommender } from '../../../train/recommender';
import { maskAccidentalHits } from '../../../losses/accidental-hits';
import { pairwiseTerm, rankAgainstRow, rankingMargin, type PairwiseRanking } from '../../../losses/pairwise-ranking';

export interface PinSageOptions {
  readonly dim?: number;
  /** Importance neighbours per node (default 10). */
  readonly T?: number;
  /** Stacked convolutions (default 2, as the paper). */
  readonly layers?: number;
  /** Positive (user, item) pairs per step (default 4096). */
  readonly batchSize?: number;
  /** Uniform negatives shared by all pairs of a step (default 500, as the paper). */
  readonly sharedNegatives?: number;
  /** Hinge margin Δ (default 0.1, for cosine scores). */
  readonly margin?: number;
  /**
   * Also add the input's importance pooling, z_v = h⁰_v + β_t n⁰_v + head with
   * n⁰ = A h⁰ and one learned scalar β_t for users and one for items, starting at the given
   * [β_user, β_item] (default: none): the parameter-free first-order term that NGCF and LightGCN
   * keep in their final embeddings by combining every layer's output, here over PinSage's
   * importance neighbourhoods.
   */
  readonly pooledSkip?: readonly [number, number];
  readonly lr?: number;
  /** Curriculum: epoch e (from 1) adds min(e − 1, maxHard) hard negatives per pair (default 6). */
  readonly maxHard?: number;
  /** PPR rank band of the hard negatives (default [200, 1000)). */
  readonly hardBand?: readonly [number, number];
  /** Random-walk steps per node for the neighbourhoods (default 400). */
  readonly walkSteps?: number;
  /**
   * Input features per node (row-major N × featureDim, users then items), PinSage's content
   * features; when absent, learnable id embeddings h⁰ (dim columns, random) are the input.
   */
  readonly features?: Float32Array;
  readonly featureDim?: number;
  /**
   * Fine-tune the features (default false: fixed): they initialise learnable id embeddings h⁰,
   * e.g. pretrained MF embeddings where the graph has no content.
   */
  readonly trainFeatures?: boolean;
  /** Adam learning rate of learnable input embeddings h⁰ (default lr). */
  readonly inputLr?: number;
  readonly engine?: MatMulEngine;
  readonly log?: (line: string) => void;
}

/**
 * PinSage (Ying et al., KDD 2018) on the user–item graph, nodes = users then items, composed as DGL's
 * PinSage example does: the input h⁰ (fixed node features — PinSage's content features —, learnable
 * id embeddings, or learnable embeddings initialised from given features), K stacked convolutions
 * (./conv, the last one unnormalised), the output head (./head) and the input skip:
 *   z_v = h⁰_v [+ β_t n⁰_v] + ReLU(h_v G1 + g) G2,   n⁰ = A h⁰ (the optional pooled skip),
 * scored by dot products z_u · z_i. Loss per step over pairs P, shared negatives S and per-pair hard
 * negatives H_p: the pairwise hinge of lib/losses (margin Δ), averaged,
 *   L = (1/|P|) Σ_p (1/(|S| + |H_p|)) Σ_{n ∈ S ∪ H_p} max(0, z_u·z_n − z_u·z_i + Δ),
 * with shared negatives among the pair's user's training items masked (accidental hits), and without
 * the pairs whose item is one of the user's importance neighbours: u's convolution pools i itself, a
 * shortcut test items do not offer (DGL's example likewise removes a training pair's edges from its
 * sampled neighbourhoods). Every convolution runs over all nodes at each step (each layer's receptive
 * field covers nearly the whole 70 k-node graph at this batch size, so full-graph dense products — on
 * the TF.js BLAS — are cheaper than per-sample computation graphs); the same pass yields the
 * embeddings of all nodes for inference. Adam on all parameters. The ablations that lost on Gowalla
 * (BPR loss, no head, no input skip, normalised output, pooled positives kept) are in docs/gowalla.md.
 */
export class PinSage implements Recommender {
  readonly name = 'PinSage';
  readonly dim: number;
  readonly numNodes: number;
  readonly neighbours: PinSageNeighbourhoods;
  /** The pooling matrix A (nodes × items) and its transpose (for the backward pass). */
  private readonly pool: SparseMatrix;
  private readonly poolT: SparseMatrix;
  readonly hard: { items: Int32Array; perUser: number };
  readonly params: Float32Array;
  readonly grads: Float32Array;
  readonly adam: Adam;
  /** The layer-0 input: learnable id embeddings (a view into `params`) or the fixed features. */
  readonly h0: Float32Array;
  private readonly dh0: Float32Array | null;
  private readonly convs: PinSageConv[];
  private readonly head: PinSageHead;
  /** With `pooledSkip`: [β_user, β_item] (views into params / grads) and n⁰ = A h⁰. */
  private readonly pooledSkip: { beta: Float32Array; dBeta: Float32Array; n0: Float32Array } | null;
  /** Adam's learning rate for the learnable h⁰ (the first parameters), when it has one. */
  private readonly inputGroup: { count: number; lr: number } | undefined;
  private readonly opts: Required<
    Omit<
      PinSageOptions,
      | 'log'
      | 'engine'
      | 'hardBand'
      | 'walkSteps'
      | 'lr'
      | 'features'
      | 'featureDim'
      | 'trainFeatures'
      | 'pooledSkip'
      | 'inputLr'
    >
  >;
  /** `sampleDistinct`'s marks (one per item, −1 between calls). */
  private readonly sharedSlot: Int32Array;
  private readonly engine: MatMulEngine;
  private readonly sampler: BprSampler;
  private epochsDone = 0;
  // Backward scratch.
  private readonly dTop: Float32Array;
  private readonly dBelow: Float32Array;
  private readonly dN: Float32Array;
  private readonly dM: Float32Array;

  constructor(
    readonly split: ImplicitSplit,
    rng: Rng,
    options: PinSageOptions = {},
  ) {
    const d = (this.dim = options.dim ?? 64);
    this.opts = {
      dim: d,
      T: options.T ?? 10,
      layers: options.layers ?? 2,
      batchSize: options.batchSize ?? 4096,
      sharedNegatives: options.sharedNegatives ?? 500,
      margin: options.margin ?? 0.1,
      maxHard: options.maxHard ?? 6,
    };
    requireInt('dim', d, 1);
    requireInt('layers', this.opts.layers, 1);
    requireInt('batchSize', this.opts.batchSize, 1);
    requireInt('sharedNegatives', this.opts.sharedNegatives, 1, split.numItems);
    requireInt('maxHard', this.opts.maxHard, 0);
    requireFinite('margin', this.opts.margin, 0);
    this.engine = options.engine ?? 'js';
    const N = (this.numNodes = split.numUsers + split.numItems);
    const log = options.log ?? (() => {});
    const csr = bipartiteCsr(split);
    let t0 = performance.now();
    this.neighbours = pinsageNeighbourhoods(split, csr, this.opts.T, rng.fork('neighbourhoods'), {
      steps: options.walkSteps,
    });
    log(`PinSage: importance neighbourhoods (T=${this.opts.T}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const T = this.opts.T;
    const U = split.numUsers,
      I = split.numItems;
    // Columns are item indices; padding entries (weight 0, pointing at the node itself) go to item 0.
    const poolIds = this.neighbours.nodes.map((w, k) => (this.neighbours.weights[k] > 0 ? w - U : 0));
    // The pooling products, parameters, gradients and their scratch live on SharedArrayBuffers, so
    // spmm and Adam run on the worker pool (bit-identical at any thread count: docs/parallel.md).
    this.pool = sharedMatrix({
      rows: N,
      cols: I,
      offsets: Int32Array.from({ length: N + 1 }, (_, v) => v * T),
      ids: poolIds,
      vals: this.neighbours.weights,
    });
    this.poolT = sharedMatrix(transposeCsr(this.pool));
    t0 = performance.now();
    const band = options.hardBand ?? [200, 1000];
    this.hard =
      this.opts.maxHard > 0
        ? pprHardNegatives(split, csr, rng.fork('hard'), { from: band[0], to: band[1] })
        : { items: new Int32Array(0), perUser: 0 };
    log(`PinSage: PPR hard negatives in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const L = this.opts.layers;
    const f = options.features;
    const d0 = f ? (options.featureDim ?? 0) : d;
    requireInt('featureDim', d0, 1);
    if (f && f.length !== N * d0)
      throw new PinlabInputError('features', `must have length numNodes × featureDim = ${N * d0}, got ${f.length}`);
    if (d0 !== d) throw new PinlabInputError('featureDim', `the input skip needs featureDim = dim (${d}), got ${d0}`);
    const ownInput = f && !options.trainFeatures ? 0 : N * d0;
    const pooledSkip = options.pooledSkip;
    if (pooledSkip) pooledSkip.forEach((b, k) => requireFinite(`pooledSkip[${k}]`, b));
    this.params = sharedFloats(ownInput + L * (d * d + d + 2 * d * d + d) + 2 * d * d + d + (pooledSkip ? 2 : 0));
    this.grads = sharedFloats(this.params.length);
    const init = rng.fork('init');
    if (!ownInput) {
      this.h0 = f as Float32Array;
      this.dh0 = null;
    } else {
      this.h0 = this.params.subarray(0, N * d0);
      this.dh0 = this.grads.subarray(0, N * d0);
      if (f) this.h0.set(f);
      else for (let k = 0; k < N * d; k++) this.h0[k] = 0.1 * init.normal();
    }
    let off = ownInput;
    const alloc: ParamAllocator = (len, scale2) => {
      const p = this.params.subarray(off, off + len),
        g = this.grads.subarray(off, off + len);
      off += len;
      for (let k = 0; k < p.length && scale2 > 0; k++) p[k] = Math.sqrt(scale2) * init.normal();
      return [p, g];
    };
    const dims: PinSageDims = { nodes: N, users: U, items: I, dim: d };
    // Hidden convolutions are L2-normalised (the paper); the last is not, so embedding norms can carry popularity.
    this.convs = Array.from({ length: L }, (_, l) => new PinSageConv(dims, d, l < L - 1, alloc));
    this.head = new PinSageHead(dims, alloc);
    if (pooledSkip) {
      const [beta, dBeta] = alloc(2, 0);
      beta.set(pooledSkip);
      this.pooledSkip = { beta, dBeta, n0: sharedFloats(N * d) };
    } else this.pooledSkip = null;
    this.adam = new Adam(this.params.length, options.lr ?? 0.005);
    if (options.inputLr !== undefined) requireFinite('inputLr', options.inputLr, 0);
    this.inputGroup = ownInput ? { count: ownInput, lr: options.inputLr ?? this.adam.lr } : undefined;
    this.sampler = new BprSampler(split.train, split.numItems);
    this.sharedSlot = new Int32Array(split.numItems).fill(-1);
    this.dTop = new Float32Array(N * d);
    this.dBelow = new Float32Array(N * d);
    this.dN = sharedFloats(N * d);
    this.dM = sharedFloats(N * d);
  }

  /** Final embeddings of all nodes (users then items), from a full forward pass. */
  forward(): Float32Array {
    let h = this.h0;
    for (const conv of this.convs) h = conv.forward(h, this.pool);
    const out = this.head.forward(h);
    const N = this.numNodes,
      d = this.dim;
    for (let k = 0; k < N * d; k++) out[k] += this.h0[k];
    const ps = this.pooledSkip;
    if (ps) {
      spmm(this.pool, this.h0.subarray(this.split.numUsers * d), d, ps.n0);
      const cut = this.split.numUsers * d;
      for (let k = 0; k < N * d; k++) out[k] += (k < cut ? ps.beta[0] : ps.beta[1]) * ps.n0[k];
    }
    return out;
  }

  /**
   * Loss of pairs [from, to) of the sampler's epoch buffers against `shared` negatives and `hardPer`
   * hard negatives per pair; writes ∂L/∂z for all nodes into `dTop`. Item node ids are offset by U.
   */
  private pairLoss(E: Float32Array, from: number, to: number, shared: Int32Array, hardPer: number, rng: Rng): number {
    const d = this.dim,
      U = this.split.numUsers,
      S = shared.length,
      P = to - from,
      s = this.sampler;
    const dTop = this.dTop;
    dTop.fill(0);
    const Eu = new Float32Array(P * d),
      En = new Float32Array(S * d);
    for (let p = 0; p < P; p++) Eu.set(E.subarray(s.users[from + p] * d, s.users[from + p] * d + d), p * d);
    for (let k = 0; k < S; k++) En.set(E.subarray((U + shared[k]) * d, (U + shared[k]) * d + d), k * d);
    const sc = new Float32Array(P * S);
    gemm(Eu, En, P, d, S, sc, { transB: true });
    const ranking: PairwiseRanking = { kind: 'hinge', margin: this.opts.margin };
    const margin = rankingMargin(ranking);
    const Gm = sc; // reused in place as the per-term gradient weights
    // A shared negative that is one of u's training items is no negative: with ~40 k items its
    // chance is small, but such items score high, so they would be a sizeable share of the
    // active hinge terms. Marked −∞, where both losses and their weights are 0.
    const tr = this.split.train;
    maskAccidentalHits(
      Gm,
      shared,
      P,
      (p) => tr.ids.subarray(tr.offsets[s.users[from + p]], tr.offsets[s.users[from + p] + 1]),
      -Infinity,
    );
    const acc = { loss: 0, active: 0 };
    const slope = [0];
    const hardIds = new Int32Array(hardPer);
    const { nodes, weights, T } = this.neighbours;
    for (let p = 0; p < P; p++) {
      const u = s.users[from + p],
        io = (U + s.pos[from + p]) * d,
        uo = u * d;
      let pooled = false;
      for (let t = 0; t < T; t++) if (weights[u * T + t] > 0 && nodes[u * T + t] === U + s.pos[from + p]) pooled = true;
      if (pooled) {
        Gm.fill(0, p * S, p * S + S);
        continue;
      }
      let spos = 0;
      for (let c = 0; c < d; c++) spos += E[uo + c] * E[io + c];
      let nh = 0;
      for (let h = 0; h < hardPer; h++) {
        const it = this.hard.items[u * this.hard.perUser + rng.int(this.hard.perUser)];
        if (it >= 0) hardIds[nh++] = it;
      }
      const cw = 1 / (P * (S + nh));
      acc.active = 0;
      rankAgainstRow(ranking, spos, Gm, p * S, S, cw, acc);
      for (let h = 0; h < nh; h++) {
        const no = (U + hardIds[h]) * d;
        let x = margin - spos;
        for (let c = 0; c < d; c++) x += E[uo + c] * E[no + c];
        acc.loss += cw * pairwiseTerm(ranking.kind, x, slope);
        const g = cw * slope[0];
        if (g > 0) {
          acc.active += g;
          for (let c = 0; c < d; c++) {
            dTop[uo + c] += g * E[no + c];
            dTop[no + c] += g * E[uo + c];
          }
        }
      }
      // ∂/∂z_u gets −Σ_active cw z_i; ∂/∂z_i gets −Σ_active cw z_u.
      const active = acc.active;
      for (let c = 0; c < d; c++) {
        dTop[uo + c] -= active * E[io + c];
        dTop[io + c] -= active * E[uo + c];
      }
    }
    const dEu = new Float32Array(P * d),
      dEn = new Float32Array(S * d);
    gemm(Gm, En, P, S, d, dEu);
    gemm(Gm, Eu, S, P, d, dEn, { transA: true });
    for (let p = 0; p < P; p++) {
      const uo = s.users[from + p] * d;
      for (let c = 0; c < d; c++) dTop[uo + c] += dEu[p * d + c];
    }
    for (let k = 0; k < S; k++) {
      const no = (U + shared[k]) * d;
      for (let c = 0; c < d; c++) dTop[no + c] += dEn[k * d + c];
    }
    return acc.loss * P;
  }

  /** Loss (summed over the pairs) and gradient in `grads` for pairs [from, to) of the sampler's buffers. */
  lossAndGradient(from: number, to: number, shared: Int32Array, hardPer: number, rng: Rng): number {
    const E = this.forward();
    const loss = this.pairLoss(E, from, to, shared, hardPer, rng);
    this.grads.fill(0);
    if (this.dh0) this.dh0.set(this.dTop);
    if (this.pooledSkip) this.backwardPooledSkip(this.pooledSkip);
    let dH = this.dBelow,
      dX = this.dTop;
    this.head.backward(this.dTop, dH, this.dM);
    for (let l = this.convs.length - 1; l > 0; l--) {
      dX.fill(0);
      this.convs[l].backward(dH, dX, this.poolT, this.dN, this.dM);
      [dH, dX] = [dX, dH];
    }
    this.convs[0].backward(dH, this.dh0, this.poolT, this.dN, this.dM);
    return loss;
  }

  /** Given ∂L/∂z in `dTop`: ∂β_t = Σ_{v of type t} ∂z_v · n⁰_v, and ∂h⁰ (items) += Aᵀ (β ⊙ ∂z). */
  private backwardPooledSkip(ps: { beta: Float32Array; dBeta: Float32Array; n0: Float32Array }): void {
    const cut = this.split.numUsers * this.dim,
      total = this.numNodes * this.dim,
      dZ = this.dTop,
      scaled = this.dN;
    let du = 0,
      di = 0;
    for (let k = 0; k < cut; k++) {
      du += dZ[k] * ps.n0[k];
      scaled[k] = ps.beta[0] * dZ[k];
    }
    for (let k = cut; k < total; k++) {
      di += dZ[k] * ps.n0[k];
      scaled[k] = ps.beta[1] * dZ[k];
    }
    ps.dBeta[0] = du;
    ps.dBeta[1] = di;
    if (this.dh0) spmm(this.poolT, scaled, this.dim, this.dh0.subarray(cut), true);
  }

  /** Sets the sampler's pair buffers (for gradient checks). */
  setPairs(users: Int32Array, pos: Int32Array): void {
    this.sampler.users.set(users);
    this.sampler.pos.set(pos);
  }

  trainEpoch(rng: Rng): number {
    const s = this.sampler;
    s.epoch(rng);
    const n = s.users.length,
      B = this.opts.batchSize;
    const hardPer = this.hard.perUser > 0 ? Math.min(this.epochsDone, this.opts.maxHard) : 0;
    const shared = new Int32Array(this.opts.sharedNegatives);
    let total = 0;
    for (let from = 0; from < n; from += B) {
      sampleDistinct(shared, this.split.numItems, rng, this.sharedSlot);
      total += this.lossAndGradient(from, Math.min(n, from + B), shared, hardPer, rng);
      this.adam.step(this.params, this.grads, this.inputGroup);
    }
    this.epochsDone++;
    return total / n;
  }

  scoreSource() {
    const E = this.forward();
    const cut = this.split.numUsers * this.dim;
    return new EmbeddingScores(E.slice(0, cut), E.slice(cut), this.dim, this.engine);
  }

  state() {
    return {
      params: this.params,
      adamM: this.adam.m,
      adamV: this.adam.v,
      counters: Float32Array.of(this.adam.t, this.epochsDone),
    };
  }

  restore(state: Record<string, Float32Array>): void {
    requireSameState('state', this.state(), state);
    this.params.set(state.params);
    this.adam.m.set(state.adamM);
    this.adam.v.set(state.adamV);
    this.adam.t = state.counters[0];
    this.epochsDone = state.counters[1];
  }
}
