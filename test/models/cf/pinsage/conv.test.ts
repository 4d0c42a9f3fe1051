import { test } from 'node:test';
import { PinSageConv } from '../../../../lib/models/cf/pinsage/conv';
import { Rng } from '../../../../lib/random/rng';
import { checkPiece, dims, pool, poolT, slab } from './pieces';

for (const normalize of [true, false]) {
  test(`PinSage convolution (${normalize ? 'L2-normalised' : 'unnormalised'}): hand-derived gradient matches finite differences`, () => {
    const rng = new Rng(5);
    const d = dims.dim,
      din = 3;
    const { params, grads, alloc } = slab(din * d + d + din * d + d * d + d, rng);
    const conv = new PinSageConv(dims, din, normalize, alloc);
    const X = Float32Array.from({ length: dims.nodes * din }, () => 2 * rng.normal());
    const dX = new Float32Array(X.length);
    const dN = new Float32Array(dims.nodes * d),
      dM = new Float32Array(dims.nodes * d);
    checkPiece(
      params,
      grads,
      X,
      dX,
      () => Float32Array.from(conv.forward(X, pool)),
      (R) => conv.backward(R, dX, poolT, dN, dM),
    );
  });
}
