import assert from 'node:assert/strict';
import { transposeCsr, type SparseMatrix } from '../../../../lib/linalg/bipartite';
import type { ParamAllocator, PinSageDims } from '../../../../lib/models/cf/pinsage/conv';
import { Rng } from '../../../../lib/random/rng';
import { centralDifferences } from '../../../support/finite-differences';

/** A toy graph for the pieces' gradient checks: 2 users, 3 items, dim 4, 2 weighted item neighbours per node. */
export const dims: PinSageDims = { nodes: 5, users: 2, items: 3, dim: 4 };
export const pool: SparseMatrix = {
  rows: 5,
  cols: 3,
  offsets: Int32Array.from([0, 2, 4, 6, 8, 10]),
  ids: Int32Array.from([0, 2, 1, 2, 1, 2, 0, 2, 0, 1]),
  vals: Float32Array.from([0.7, 0.3, 0.5, 0.5, 0.6, 0.4, 0.2, 0.8, 0.9, 0.1]),
};
export const poolT = transposeCsr(pool);

/** Flat parameters and gradients, allocated as the model does (non-zero biases too, to test every path). */
export function slab(size: number, rng: Rng): { params: Float32Array; grads: Float32Array; alloc: ParamAllocator } {
  const params = new Float32Array(size),
    grads = new Float32Array(size);
  let off = 0;
  const alloc: ParamAllocator = (len) => {
    const p = params.subarray(off, off + len),
      g = grads.subarray(off, off + len);
    for (let k = 0; k < len; k++) p[k] = rng.normal();
    off += len;
    return [p, g];
  };
  return { params, grads, alloc };
}

/**
 * Central finite differences of L = Σ R ⊙ f() against `grads` (parameters) and `dX` (input), where
 * `backward` fills both from ∂L/∂out = R.
 */
export function checkPiece(
  params: Float32Array,
  grads: Float32Array,
  X: Float32Array,
  dX: Float32Array,
  forward: () => Float32Array,
  backward: (R: Float32Array) => void,
): void {
  const rng = new Rng(11);
  const R = Float32Array.from(forward(), () => rng.normal());
  const L = () => forward().reduce((s, v, k) => s + v * R[k], 0);
  grads.fill(0);
  dX.fill(0);
  forward();
  backward(Float32Array.from(R));
  const h = 1e-3;
  let worst = 0,
    largest = 0;
  for (const [a, g] of [
    [params, grads],
    [X, dX],
  ] as const) {
    centralDifferences(a, h, L).forEach((fd, k) => {
      worst = Math.max(worst, Math.abs(fd - g[k]));
      largest = Math.max(largest, Math.abs(fd));
    });
  }
  assert.ok(largest > 0.1, `gradient too small to test: ${largest}`);
  assert.ok(worst < 2e-2 * largest, `max |fd − analytic| ${worst} (max |g| ${largest})`);
}
