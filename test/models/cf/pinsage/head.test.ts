import { test } from 'node:test';
import { PinSageHead } from '../../../../lib/models/cf/pinsage/head';
import { Rng } from '../../../../lib/random/rng';
import { checkPiece, dims, slab } from './pieces';

test('PinSage output head z = ReLU(h G1 + g) G2: hand-derived gradient matches finite differences', () => {
  const rng = new Rng(6);
  const d = dims.dim;
  const { params, grads, alloc } = slab(2 * d * d + d, rng);
  const head = new PinSageHead(dims, alloc);
  const h = Float32Array.from({ length: dims.nodes * d }, () => 2 * rng.normal());
  const dh = new Float32Array(h.length);
  const dA = new Float32Array(h.length);
  checkPiece(
    params,
    grads,
    h,
    dh,
    () => Float32Array.from(head.forward(h)),
    (R) => head.backward(R, dh, dA),
  );
});
