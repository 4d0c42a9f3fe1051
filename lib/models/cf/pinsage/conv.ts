import { gemm } from '../../../linalg/blas';
import { spmm, type SparseMatrix } from '../../../linalg/bipartite';
import { sharedFloats } from '../../../parallel';

/** Node counts of the user–item graph (nodes = users then items) and the embedding width. */
export interface PinSageDims {
  readonly nodes: number;
  readonly users: number;
  readonly items: number;
  readonly dim: number;
}

/** Takes the next `len` parameters and their gradients (views into flat vectors), initialised N(0, scale²). */
export type ParamAllocator = (len: number, scale2: number) => [Float32Array, Float32Array];

/**
 * One PinSage convolution (Ying et al., KDD 2018) over all nodes, in row-vector form, for every node
 * v with importance neighbours N(v) and pooling weights α (./neighbourhoods):
 *   m_w = ReLU(h_w Q + q),  n_v = Σ_{w ∈ N(v)} α_vw m_w                       (importance pooling)
 *   y_v = [h_v ; n_v] W + w,  r_v = ReLU(y_v),  h'_v = r_v / ‖r_v‖            (concat, dense, L2-norm)
 * (the norm only when `normalize`). Over all nodes n = A m, with the sparse N × I pooling matrix A
 * (row v: α_v· on N(v)); neighbours are items only, so m (and its backward) is computed for the item
 * rows alone. W = [Ws ; Wn] is stored as its self and neighbour blocks, so [h ; n] W = h Ws + n Wn
 * needs no concatenated copy. Backward, given ∂L/∂h':
 *   ∂r = (∂h' − h' (h'·∂h')) / ‖r‖,  ∂y = ∂r ⊙ 1[y > 0],  ∂Ws = hᵀ∂y,  ∂Wn = nᵀ∂y,  ∂n = ∂y Wnᵀ,
 *   ∂m = Aᵀ ∂n,  ∂z = ∂m ⊙ 1[z > 0] (z = h Q + q),  ∂Q = hᵀ∂z,  ∂h = ∂y Wsᵀ + ∂z Qᵀ.
 */
export class PinSageConv {
  readonly Q: Float32Array;
  readonly q: Float32Array;
  readonly Ws: Float32Array;
  readonly Wn: Float32Array;
  readonly w: Float32Array;
  readonly dQ: Float32Array;
  readonly dq: Float32Array;
  readonly dWs: Float32Array;
  readonly dWn: Float32Array;
  readonly dw: Float32Array;
  /** The input h (set by `forward`) and the activations the backward pass reads. */
  X = new Float32Array(0);
  private readonly Z: Float32Array;
  private readonly M: Float32Array;
  private readonly Nb: Float32Array;
  private readonly Y: Float32Array;
  private readonly nrm: Float32Array;
  /** The output h'. */
  readonly H: Float32Array;

  constructor(
    private readonly g: PinSageDims,
    readonly din: number,
    readonly normalize: boolean,
    alloc: ParamAllocator,
  ) {
    const d = g.dim;
    // He initialisation (scale² = 2/fan-in) before a ReLU.
    [this.Q, this.dQ] = alloc(din * d, 2 / din);
    [this.q, this.dq] = alloc(d, 0);
    [this.Ws, this.dWs] = alloc(din * d, 2 / (din + d));
    [this.Wn, this.dWn] = alloc(d * d, 2 / (din + d));
    [this.w, this.dw] = alloc(d, 0);
    this.Z = new Float32Array(g.items * d);
    // spmm's input and output, shared so that it runs on the worker pool.
    this.M = sharedFloats(g.items * d);
    this.Nb = sharedFloats(g.nodes * d);
    this.Y = new Float32Array(g.nodes * d);
    this.nrm = new Float32Array(g.nodes);
    this.H = new Float32Array(g.nodes * d);
  }

  forward(X: Float32Array, pool: SparseMatrix): Float32Array {
    const { nodes: N, users: U, items: I, dim: d } = this.g;
    const din = this.din;
    this.X = X;
    // Locals, not property loads, in the hot loops.
    const { Z, M, Nb, Y, H, nrm, q, w } = this;
    gemm(X.subarray(U * din), this.Q, I, din, d, Z);
    addBiasRelu(Z, q, M, I, d);
    spmm(pool, M, d, Nb);
    gemm(X, this.Ws, N, din, d, Y);
    gemm(Nb, this.Wn, N, d, d, Y, { accumulate: true });
    for (let v = 0; v < N; v++) {
      const o = v * d;
      let s = 0;
      for (let c = 0; c < d; c++) {
        const y = (Y[o + c] += w[c]);
        if (y > 0) s += y * y;
      }
      const n = this.normalize ? Math.sqrt(s) : 1;
      nrm[v] = n;
      const inv = n > 0 ? 1 / n : 0;
      for (let c = 0; c < d; c++) {
        const y = Y[o + c];
        H[o + c] = y > 0 ? y * inv : 0;
      }
    }
    return H;
  }

  /**
   * Given ∂L/∂h' in `dH` (overwritten), accumulates parameter gradients and ∂L/∂h (the input) into
   * `dX`, skipped when null (fixed input features). `dN` (nodes × dim) and `dM` (items × dim) are scratch.
   */
  backward(dH: Float32Array, dX: Float32Array | null, poolT: SparseMatrix, dN: Float32Array, dM: Float32Array): void {
    const { nodes: N, users: U, items: I, dim: d } = this.g;
    const din = this.din;
    const { X, H, Y, Z, nrm, dw, dq } = this;
    // dH becomes ∂y in place.
    for (let v = 0; v < N; v++) {
      const o = v * d;
      let s = 0;
      if (this.normalize) for (let c = 0; c < d; c++) s += H[o + c] * dH[o + c];
      const inv = nrm[v] > 0 ? 1 / nrm[v] : 0;
      for (let c = 0; c < d; c++) {
        const g = Y[o + c] > 0 ? (dH[o + c] - H[o + c] * s) * inv : 0;
        dH[o + c] = g;
        dw[c] += g;
      }
    }
    const dMi = dM.subarray(0, I * d);
    const Xi = X.subarray(U * din);
    gemm(X, dH, din, N, d, this.dWs, { transA: true, accumulate: true });
    gemm(this.Nb, dH, d, N, d, this.dWn, { transA: true, accumulate: true });
    gemm(dH, this.Wn, N, d, d, dN, { transB: true });
    spmm(poolT, dN, d, dMi);
    biasReluBackward(Z, dMi, dq, I, d);
    gemm(Xi, dMi, din, I, d, this.dQ, { transA: true, accumulate: true });
    if (dX) {
      gemm(dH, this.Ws, N, d, din, dX, { transB: true, accumulate: true });
      gemm(dMi, this.Q, I, d, din, dX.subarray(U * din), { transB: true, accumulate: true });
    }
  }
}

/** A dense layer's bias and ReLU over `rows` rows of width d: pre += bias (per column), out = ReLU(pre). */
export function addBiasRelu(pre: Float32Array, bias: Float32Array, out: Float32Array, rows: number, d: number): void {
  for (let v = 0, k = 0; v < rows; v++) {
    for (let c = 0; c < d; c++, k++) {
      const x = (pre[k] += bias[c]);
      out[k] = x > 0 ? x : 0;
    }
  }
}

/** The backward of `addBiasRelu`: `grad` (∂L/∂out) becomes ∂L/∂pre in place, and ∂L/∂bias accumulates into `dBias`. */
export function biasReluBackward(
  pre: Float32Array,
  grad: Float32Array,
  dBias: Float32Array,
  rows: number,
  d: number,
): void {
  for (let v = 0, k = 0; v < rows; v++) {
    for (let c = 0; c < d; c++, k++) {
      if (pre[k] > 0) dBias[c] += grad[k];
      else grad[k] = 0;
    }
  }
}
