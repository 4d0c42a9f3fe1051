import { gemm } from '../../../linalg/blas';
import { addBiasRelu, biasReluBackward, type ParamAllocator, type PinSageDims } from './conv';

/**
 * PinSage's output head after the convolutions, z = ReLU(h G1 + g) G2 for all nodes. G2 starts at 0
 * (the model adds its input to z, so training starts from the input's scores). Backward, given
 * ∂L/∂z: ∂G2 = Rᵀ∂z, ∂A = (∂z G2ᵀ) ⊙ 1[A > 0], ∂g = Σ_rows ∂A, ∂G1 = hᵀ∂A, ∂h = ∂A G1ᵀ
 * (A = h G1 + g, R = ReLU(A)).
 */
export class PinSageHead {
  readonly G1: Float32Array;
  readonly g: Float32Array;
  readonly G2: Float32Array;
  readonly dG1: Float32Array;
  readonly dg: Float32Array;
  readonly dG2: Float32Array;
  private readonly A: Float32Array;
  private readonly R: Float32Array;
  readonly out: Float32Array;
  private h = new Float32Array(0);

  constructor(
    private readonly dims: PinSageDims,
    alloc: ParamAllocator,
  ) {
    const { nodes: N, dim: d } = dims;
    [this.G1, this.dG1] = alloc(d * d, 2 / d);
    [this.g, this.dg] = alloc(d, 0);
    [this.G2, this.dG2] = alloc(d * d, 0);
    this.A = new Float32Array(N * d);
    this.R = new Float32Array(N * d);
    this.out = new Float32Array(N * d);
  }

  forward(h: Float32Array): Float32Array {
    const { nodes: N, dim: d } = this.dims;
    this.h = h;
    gemm(h, this.G1, N, d, d, this.A);
    addBiasRelu(this.A, this.g, this.R, N, d);
    gemm(this.R, this.G2, N, d, d, this.out);
    return this.out;
  }

  /** Given ∂L/∂z in `dZ`, accumulates the head's gradients and writes ∂L/∂h to `dH`; `dA` (nodes × dim) is scratch. */
  backward(dZ: Float32Array, dH: Float32Array, dA: Float32Array): void {
    const { nodes: N, dim: d } = this.dims;
    gemm(this.R, dZ, d, N, d, this.dG2, { transA: true, accumulate: true });
    gemm(dZ, this.G2, N, d, d, dA, { transB: true });
    biasReluBackward(this.A, dA, this.dg, N, d);
    gemm(this.h, dA, d, N, d, this.dG1, { transA: true, accumulate: true });
    gemm(dA, this.G1, N, d, d, dH, { transB: true });
  }
}
