import { test } from 'node:test';
import assert from 'node:assert/strict';
import { symmetricEigen, topEigen } from '../../lib/linalg/truncated-eig';
import { chooseBackend } from '../../lib/tf/backend';
import { Rng } from '../../lib/random/rng';

/** H D H with H = I − 2 v vᵀ / ‖v‖² (orthogonal), so the eigenvalues are exactly `d`. */
function withSpectrum(d: number[], rng: Rng): Float64Array {
  const n = d.length;
  const v = Array.from({ length: n }, () => rng.normal());
  const vv = v.reduce((s, x) => s + x * x, 0);
  const H = (i: number, j: number) => (i === j ? 1 : 0) - (2 * v[i] * v[j]) / vv;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += H(i, k) * d[k] * H(k, j);
      a[i * n + j] = s;
    }
  return a;
}

test('symmetricEigen recovers a known spectrum and A v = λ v', () => {
  const d = [5, -1, 3, 0.5, 2, 2.5];
  const n = d.length;
  const a = withSpectrum(d, new Rng(1));
  const { values, vectors } = symmetricEigen(a, n);
  assert.deepEqual(
    Array.from(values, (x) => +x.toFixed(10)),
    [...d].sort((x, y) => y - x),
  );
  for (let c = 0; c < n; c++)
    for (let i = 0; i < n; i++) {
      let av = 0;
      for (let k = 0; k < n; k++) av += a[i * n + k] * vectors[k * n + c];
      assert.ok(Math.abs(av - values[c] * vectors[i * n + c]) < 1e-9);
    }
});

test('topEigen (subspace iteration) finds the leading eigenpairs of an implicit operator', async () => {
  await chooseBackend({ log: () => {} });
  const n = 80;
  const d = Array.from({ length: n }, (_, i) => 0.7 ** i);
  const a = withSpectrum(d, new Rng(2));
  const apply = (x: Float32Array, b: number, out: Float32Array) => {
    for (let i = 0; i < n; i++)
      for (let c = 0; c < b; c++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += a[i * n + k] * x[k * b + c];
        out[i * b + c] = s;
      }
  };
  const k = 4;
  const res = topEigen(apply, n, k, new Rng(3), { oversample: 8, iterations: 20 });
  for (let c = 0; c < k; c++) {
    assert.ok(Math.abs(res.values[c] - d[c]) < 1e-4, `λ${c} ${res.values[c]} vs ${d[c]}`);
    const v = res.vectors.subarray(c * n, c * n + n);
    const av = new Float32Array(n);
    apply(v, 1, av);
    let err = 0;
    for (let i = 0; i < n; i++) err = Math.max(err, Math.abs(av[i] - d[c] * v[i]));
    assert.ok(err < 1e-3, `residual ${err}`);
  }
});
