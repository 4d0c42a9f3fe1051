import type { ImplicitSplit } from '../data/gowalla';
import { PinlabInputError, requireFinite, requireInt } from '../errors';
import type { Rng } from '../random/rng';
import { EmbeddingScores, type MatMulEngine } from '../retrieval/embedding-scores';
import { Adam } from './adam';
import { gemm } from './blas';
import { BprSampler } from './bpr-sampler';
import { bipartiteCsr, pinsageNeighbourhoods, pprHardNegatives, type PinSageNeighbourhoods } from './pinsage-graph';
import type { Recommender } from './recommender';

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
   * L2-normalise the last convolution's output (default true, as the paper, whose scores are
   * cosines for nearest-neighbour serving). False scores by plain dot products, so embedding norms
   * can carry popularity, which full-ranking recall rewards; hidden layers are always normalised.
   */
  readonly normalizeOutput?: boolean;
  readonly lr?: number;
  /** Curriculum: epoch e (from 1) adds min(e − 1, maxHard) hard negatives per pair (default 6). */
  readonly maxHard?: number;
  /** PPR rank band of the hard negatives (default [200, 1000)). */
  readonly hardBand?: readonly [number, number];
  /** Random-walk steps per node for the neighbourhoods (default 400). */
  readonly walkSteps?: number;
  /**
   * Fixed input features per node (row-major N × featureDim, users then items), PinSage's content
   * features; when absent, learnable id embeddings h⁰ (dim columns) are the input.
   */
  readonly features?: Float32Array;
  readonly featureDim?: number;
  readonly engine?: MatMulEngine;
  readonly log?: (line: string) => void;
}

/** One convolution's parameters (views into the flat parameter vector) and its activations. */
interface Layer {
  din: number;
  normalize: boolean;
  Q: Float32Array; q: Float32Array; W: Float32Array; w: Float32Array;
  dQ: Float32Array; dq: Float32Array; dW: Float32Array; dw: Float32Array;
  X: Float32Array; Z: Float32Array; M: Float32Array; C: Float32Array; Y: Float32Array; nrm: Float32Array; H: Float32Array;
}

/**
 * PinSage (Ying et al., KDD 2018) on the user–item graph, nodes = users then items, with learnable
 * id embeddings h⁰ as input features (Gowalla has no content). Convolution k, for every node v
 * with importance neighbours N(v) and pooling weights α (./pinsage-graph) — the input h⁰ is either
 * fixed node features (PinSage's content features) or learnable id embeddings:
 *   m_w = ReLU(Q h_w + q),  n_v = Σ_{w ∈ N(v)} α_vw m_w                       (importance pooling)
 *   y_v = W [h_v ; n_v] + w,  r_v = ReLU(y_v),  h'_v = r_v / ‖r_v‖            (concat, dense, L2-norm)
 * The final h's score pairs by cosine z_u · z_i. Loss per step over pairs P, shared negatives S
 * and per-pair hard negatives H_p (max-margin, averaged):
 *   L = (1/|P|) Σ_p (1/(|S| + |H_p|)) Σ_{n ∈ S ∪ H_p} max(0, z_u·z_n − z_u·z_i + Δ).
 * Backward (hand-derived, per convolution, given ∂L/∂h'):
 *   ∂r = (∂h' − h' (h'·∂h')) / ‖r‖,  ∂y = ∂r ⊙ 1[y > 0],  ∂W = Cᵀ∂y,  ∂C = ∂y Wᵀ (C = [h ; n]),
 *   ∂m_w = Σ_{v: w ∈ N(v)} α_vw ∂n_v,  ∂z = ∂m ⊙ 1[z > 0],  ∂Q = hᵀ∂z,  ∂h = ∂C_self + ∂z Qᵀ.
 * Every convolution runs over all nodes at each step (each layer's receptive field covers nearly the
 * whole 70 k-node graph at this batch size, so full-graph dense products — on the TF.js BLAS — are
 * cheaper than per-sample computation graphs); the same pass yields the embeddings of all nodes
 * for inference. Adam on all parameters.
 */
export class PinSage implements Recommender {
  readonly name = 'PinSage';
  readonly dim: number;
  readonly numNodes: number;
  readonly neighbours: PinSageNeighbourhoods;
  readonly hard: { items: Int32Array; perUser: number };
  readonly params: Float32Array;
  readonly grads: Float32Array;
  readonly adam: Adam;
  /** The layer-0 input: learnable id embeddings (a view into `params`) or the fixed features. */
  readonly h0: Float32Array;
  private readonly dh0: Float32Array | null;
  private readonly layers: Layer[];
  private readonly opts: Required<Omit<PinSageOptions, 'log' | 'engine' | 'hardBand' | 'walkSteps' | 'lr' | 'features' | 'featureDim' | 'normalizeOutput'>>;
  private readonly engine: MatMulEngine;
  private readonly sampler: BprSampler;
  private epochsDone = 0;
  // Backward scratch.
  private readonly dTop: Float32Array;
  private readonly dBelow: Float32Array;
  private readonly dC: Float32Array;
  private readonly dM: Float32Array;

  constructor(readonly split: ImplicitSplit, rng: Rng, options: PinSageOptions = {}) {
    const d = (this.dim = options.dim ?? 64);
    this.opts = {
      dim: d, T: options.T ?? 10, layers: options.layers ?? 2, batchSize: options.batchSize ?? 4096,
      sharedNegatives: options.sharedNegatives ?? 500, margin: options.margin ?? 0.1, maxHard: options.maxHard ?? 6,
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
    this.neighbours = pinsageNeighbourhoods(split, csr, this.opts.T, rng.fork('neighbourhoods'), { steps: options.walkSteps });
    log(`PinSage: importance neighbourhoods (T=${this.opts.T}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    t0 = performance.now();
    const band = options.hardBand ?? [200, 1000];
    this.hard = this.opts.maxHard > 0 ? pprHardNegatives(split, csr, rng.fork('hard'), { from: band[0], to: band[1] }) : { items: new Int32Array(0), perUser: 0 };
    log(`PinSage: PPR hard negatives in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const L = this.opts.layers;
    const f = options.features;
    const d0 = f ? options.featureDim ?? 0 : d;
    requireInt('featureDim', d0, 1);
    if (f && f.length !== N * d0) throw new PinlabInputError('features', `must have length numNodes × featureDim = ${N * d0}, got ${f.length}`);
    const dins = Array.from({ length: L }, (_, l) => (l === 0 ? d0 : d));
    const ownInput = f ? 0 : N * d;
    this.params = new Float32Array(ownInput + dins.reduce((s, din) => s + din * d + d + (din + d) * d + d, 0));
    this.grads = new Float32Array(this.params.length);
    const init = rng.fork('init');
    if (f) {
      this.h0 = f;
      this.dh0 = null;
    } else {
      this.h0 = this.params.subarray(0, N * d);
      this.dh0 = this.grads.subarray(0, N * d);
      for (let k = 0; k < N * d; k++) this.h0[k] = 0.1 * init.normal();
    }
    this.layers = [];
    let off = ownInput;
    const view = (a: Float32Array, len: number) => a.subarray(off, off + len);
    for (let l = 0; l < L; l++) {
      const din = dins[l];
      const Q = view(this.params, din * d), dQ = view(this.grads, din * d); off += din * d;
      const q = view(this.params, d), dq = view(this.grads, d); off += d;
      const W = view(this.params, (din + d) * d), dW = view(this.grads, (din + d) * d); off += (din + d) * d;
      const w = view(this.params, d), dw = view(this.grads, d); off += d;
      // He initialisation for the ReLU layers.
      for (let k = 0; k < Q.length; k++) Q[k] = Math.sqrt(2 / din) * init.normal();
      for (let k = 0; k < W.length; k++) W[k] = Math.sqrt(2 / (din + d)) * init.normal();
      this.layers.push({
        din, normalize: l < L - 1 || (options.normalizeOutput ?? true), Q, q, W, w, dQ, dq, dW, dw,
        X: l === 0 ? this.h0 : new Float32Array(0),
        Z: new Float32Array(N * d), M: new Float32Array(N * d), C: new Float32Array(N * (din + d)),
        Y: new Float32Array(N * d), nrm: new Float32Array(N), H: new Float32Array(N * d),
      });
    }
    for (let l = 1; l < L; l++) this.layers[l].X = this.layers[l - 1].H;
    this.adam = new Adam(this.params.length, options.lr ?? 0.005);
    this.sampler = new BprSampler(split.train, split.numItems);
    this.dTop = new Float32Array(N * d);
    this.dBelow = new Float32Array(N * d);
    this.dC = new Float32Array(N * (Math.max(...dins) + d));
    this.dM = new Float32Array(N * d);
  }

  private forwardLayer(ly: Layer): void {
    const N = this.numNodes, d = this.dim, T = this.neighbours.T, din = ly.din, w2 = din + d;
    const { nodes, weights } = this.neighbours;
    gemm(ly.X, ly.Q, N, din, d, ly.Z);
    for (let v = 0; v < N; v++) for (let c = 0; c < d; c++) {
      const z = ly.Z[v * d + c] + ly.q[c];
      ly.Z[v * d + c] = z;
      ly.M[v * d + c] = z > 0 ? z : 0;
    }
    const C = ly.C;
    for (let v = 0; v < N; v++) {
      const o = v * w2;
      for (let c = 0; c < din; c++) C[o + c] = ly.X[v * din + c];
      for (let c = 0; c < d; c++) C[o + din + c] = 0;
      for (let t = 0; t < T; t++) {
        const a = weights[v * T + t];
        if (a === 0) continue;
        const mo = nodes[v * T + t] * d;
        for (let c = 0; c < d; c++) C[o + din + c] += a * ly.M[mo + c];
      }
    }
    gemm(C, ly.W, N, w2, d, ly.Y);
    for (let v = 0; v < N; v++) {
      let s = 0;
      for (let c = 0; c < d; c++) {
        const y = (ly.Y[v * d + c] += ly.w[c]);
        if (y > 0) s += y * y;
      }
      const nrm = ly.normalize ? Math.sqrt(s) : 1;
      ly.nrm[v] = nrm;
      const inv = nrm > 0 ? 1 / nrm : 0;
      for (let c = 0; c < d; c++) {
        const y = ly.Y[v * d + c];
        ly.H[v * d + c] = y > 0 ? y * inv : 0;
      }
    }
  }

  /** Final embeddings of all nodes (users then items), from a full forward pass. */
  forward(): Float32Array {
    for (const ly of this.layers) this.forwardLayer(ly);
    return this.layers[this.layers.length - 1].H;
  }

  /**
   * Given ∂L/∂h' in `dH` (overwritten), accumulates parameter gradients and writes ∂L/∂h (the
   * layer input) to `dX`, skipped when null (fixed input features).
   */
  private backwardLayer(ly: Layer, dH: Float32Array, dX: Float32Array | null): void {
    const N = this.numNodes, d = this.dim, T = this.neighbours.T, din = ly.din, w2 = din + d;
    const { nodes, weights } = this.neighbours;
    // dH becomes ∂y in place.
    for (let v = 0; v < N; v++) {
      const o = v * d;
      let s = 0;
      if (ly.normalize) for (let c = 0; c < d; c++) s += ly.H[o + c] * dH[o + c];
      const inv = ly.nrm[v] > 0 ? 1 / ly.nrm[v] : 0;
      for (let c = 0; c < d; c++) dH[o + c] = ly.Y[o + c] > 0 ? (dH[o + c] - ly.H[o + c] * s) * inv : 0;
    }
    gemm(ly.C, dH, w2, N, d, ly.dW, { transA: true, accumulate: true });
    for (let v = 0; v < N; v++) for (let c = 0; c < d; c++) ly.dw[c] += dH[v * d + c];
    const dC = this.dC.subarray(0, N * w2), dM = this.dM;
    gemm(dH, ly.W, N, d, w2, dC, { transB: true });
    dM.fill(0);
    for (let v = 0; v < N; v++) {
      const o = v * w2;
      if (dX) for (let c = 0; c < din; c++) dX[v * din + c] = dC[o + c];
      for (let t = 0; t < T; t++) {
        const a = weights[v * T + t];
        if (a === 0) continue;
        const mo = nodes[v * T + t] * d;
        for (let c = 0; c < d; c++) dM[mo + c] += a * dC[o + din + c];
      }
    }
    for (let k = 0; k < N * d; k++) if (ly.Z[k] <= 0) dM[k] = 0;
    gemm(ly.X, dM, din, N, d, ly.dQ, { transA: true, accumulate: true });
    for (let v = 0; v < N; v++) for (let c = 0; c < d; c++) ly.dq[c] += dM[v * d + c];
    if (dX) gemm(dM, ly.Q, N, d, din, dX, { transB: true, accumulate: true });
  }

  /**
   * Loss of pairs [from, to) of the sampler's epoch buffers against `shared` negatives and `hardPer`
   * hard negatives per pair; writes ∂L/∂z for all nodes into `dTop`. Item node ids are offset by U.
   */
  private pairLoss(E: Float32Array, from: number, to: number, shared: Int32Array, hardPer: number, rng: Rng): number {
    const d = this.dim, U = this.split.numUsers, S = shared.length, P = to - from, s = this.sampler;
    const dTop = this.dTop;
    dTop.fill(0);
    const Eu = new Float32Array(P * d), En = new Float32Array(S * d);
    for (let p = 0; p < P; p++) Eu.set(E.subarray(s.users[from + p] * d, s.users[from + p] * d + d), p * d);
    for (let k = 0; k < S; k++) En.set(E.subarray((U + shared[k]) * d, (U + shared[k]) * d + d), k * d);
    const sc = new Float32Array(P * S);
    gemm(Eu, En, P, d, S, sc, { transB: true });
    const margin = this.opts.margin;
    let loss = 0;
    const Gm = sc; // reused in place as the hinge-gradient weights
    const hardIds = new Int32Array(hardPer);
    for (let p = 0; p < P; p++) {
      const u = s.users[from + p], io = (U + s.pos[from + p]) * d, uo = u * d;
      let spos = 0;
      for (let c = 0; c < d; c++) spos += E[uo + c] * E[io + c];
      let nh = 0;
      for (let h = 0; h < hardPer; h++) {
        const it = this.hard.items[u * this.hard.perUser + rng.int(this.hard.perUser)];
        if (it >= 0) hardIds[nh++] = it;
      }
      const cw = 1 / (P * (S + nh));
      let active = 0;
      for (let k = 0; k < S; k++) {
        const x = Gm[p * S + k] - spos + margin;
        if (x > 0) { loss += cw * x; Gm[p * S + k] = cw; active += cw; } else Gm[p * S + k] = 0;
      }
      for (let h = 0; h < nh; h++) {
        const no = (U + hardIds[h]) * d;
        let x = margin - spos;
        for (let c = 0; c < d; c++) x += E[uo + c] * E[no + c];
        if (x > 0) {
          loss += cw * x;
          active += cw;
          for (let c = 0; c < d; c++) { dTop[uo + c] += cw * E[no + c]; dTop[no + c] += cw * E[uo + c]; }
        }
      }
      // ∂/∂z_u gets −Σ_active cw z_i; ∂/∂z_i gets −Σ_active cw z_u.
      for (let c = 0; c < d; c++) { dTop[uo + c] -= active * E[io + c]; dTop[io + c] -= active * E[uo + c]; }
    }
    const dEu = new Float32Array(P * d), dEn = new Float32Array(S * d);
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
    return loss * P;
  }

  /** Loss (summed over the pairs) and gradient in `grads` for pairs [from, to) of the sampler's buffers. */
  lossAndGradient(from: number, to: number, shared: Int32Array, hardPer: number, rng: Rng): number {
    const E = this.forward();
    const loss = this.pairLoss(E, from, to, shared, hardPer, rng);
    this.grads.fill(0);
    let dH = this.dTop, dX = this.dBelow;
    for (let l = this.layers.length - 1; l > 0; l--) {
      this.backwardLayer(this.layers[l], dH, dX);
      [dH, dX] = [dX, dH];
    }
    this.backwardLayer(this.layers[0], dH, this.dh0);
    return loss;
  }

  /** Sets the sampler's pair buffers (for gradient checks). */
  setPairs(users: Int32Array, pos: Int32Array): void {
    this.sampler.users.set(users);
    this.sampler.pos.set(pos);
  }

  trainEpoch(rng: Rng): number {
    const s = this.sampler;
    s.epoch(rng);
    const n = s.users.length, B = this.opts.batchSize;
    const hardPer = this.hard.perUser > 0 ? Math.min(this.epochsDone, this.opts.maxHard) : 0;
    const shared = new Int32Array(this.opts.sharedNegatives);
    let total = 0;
    for (let from = 0; from < n; from += B) {
      for (let k = 0; k < shared.length; k++) shared[k] = rng.int(this.split.numItems);
      total += this.lossAndGradient(from, Math.min(n, from + B), shared, hardPer, rng);
      this.adam.step(this.params, this.grads);
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
    return { params: this.params, adamM: this.adam.m, adamV: this.adam.v, counters: Float32Array.of(this.adam.t, this.epochsDone) };
  }

  restore(state: Record<string, Float32Array>): void {
    this.params.set(state.params);
    this.adam.m.set(state.adamM);
    this.adam.v.set(state.adamV);
    this.adam.t = state.counters[0];
    this.epochsDone = state.counters[1];
  }
}
