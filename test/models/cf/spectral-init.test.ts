import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitFromText } from '../../../lib/data/datasets/gowalla';
import { normalizedBipartite } from '../../../lib/linalg/bipartite';
import { symmetricEigen } from '../../../lib/linalg/truncated-eig';
import { LightGcn } from '../../../lib/models/cf/lightgcn';
import { spectralEmbeddings } from '../../../lib/models/cf/spectral-init';
import { Rng } from '../../../lib/random/rng';
import { chooseBackend } from '../../../lib/tf/backend';
import { throwsInput } from '../../support/throws-input';

// 120 users × 150 items in 4 communities (a user's items are mostly of its community's residue mod 4),
// so R̃ has 4 leading singular values well above the rest; every item is seen at least once.
const rng = new Rng(5);
const U = 120,
  I = 150;
const rows = Array.from({ length: U }, (_, u) => {
  const items = new Set<number>([u, u + U].filter((i) => i < I));
  const n = 4 + rng.int(10);
  while (items.size < n) {
    const i = rng.int(I);
    if (i % 4 === u % 4 || rng.next() < 0.1) items.add(i);
  }
  return `${u} ${[...items].join(' ')}`;
});
const split = splitFromText(rows.join('\n') + '\n', '0 1\n');
const dim = 4;

/** Dense R̃ (U × I) of the split's training pairs. */
function denseRtilde(): Float64Array {
  const g = normalizedBipartite(split.train, I);
  const r = new Float64Array(U * I);
  for (let u = 0; u < U; u++)
    for (let j = g.byUser.offsets[u]; j < g.byUser.offsets[u + 1]; j++) r[u * I + g.byUser.ids[j]] = g.byUser.vals[j];
  return r;
}

/** Dense R̃ and the eigenpairs of R̃ᵀR̃ by Jacobi (descending; vector c is column c of `vectors`). */
function reference(): { r: Float64Array; values: Float64Array; vectors: Float64Array } {
  const r = denseRtilde();
  const p = new Float64Array(I * I);
  for (let a = 0; a < I; a++)
    for (let b = 0; b < I; b++) {
      let s = 0;
      for (let u = 0; u < U; u++) s += r[u * I + a] * r[u * I + b];
      p[a * I + b] = s;
    }
  return { r, ...symmetricEigen(p, I) };
}

test('spectral embeddings score as a multiple of R̃’s best rank-dim approximation, at RMS 0.1', async () => {
  await chooseBackend({ log: () => {} });
  const e = spectralEmbeddings(normalizedBipartite(split.train, I), dim, new Rng(1), { iterations: 40 });
  assert.equal(e.length, (U + I) * dim);
  const rms = Math.sqrt(e.reduce((s, x) => s + x * x, 0) / e.length);
  assert.ok(Math.abs(rms - 0.1) < 1e-6, `rms ${rms}`);
  // Reference: R̃ V Vᵀ with V the top eigenvectors of R̃ᵀR̃ by Jacobi.
  const { r, values, vectors } = reference();
  assert.ok(values[dim - 1] > 1.05 * values[dim], 'the test graph needs a spectral gap after dim');
  let num = 0,
    den = 0;
  const pairs: [number, number][] = [];
  for (let u = 0; u < U; u++)
    for (let i = 0; i < I; i++) {
      let ref = 0;
      for (let c = 0; c < dim; c++) {
        let rv = 0;
        for (let k = 0; k < I; k++) rv += r[u * I + k] * vectors[k * I + c];
        ref += rv * vectors[i * I + c];
      }
      let got = 0;
      for (let c = 0; c < dim; c++) got += e[u * dim + c] * e[(U + i) * dim + c];
      num += got * ref;
      den += ref * ref;
      pairs.push([got, ref]);
    }
  const alpha2 = num / den;
  assert.ok(alpha2 > 0);
  let err = 0,
    scale = 0;
  for (const [got, ref] of pairs) {
    err = Math.max(err, Math.abs(got - alpha2 * ref));
    scale = Math.max(scale, Math.abs(alpha2 * ref));
  }
  assert.ok(err < 1e-3 * scale, `max error ${err} against scores up to ${scale}`);
});

test("LightGCN's propagation scales each spectral column by (1 + σ + σ² + σ³) / 4", async () => {
  await chooseBackend({ log: () => {} });
  const sigma = Array.from(reference().values.subarray(0, dim), (l) => Math.sqrt(l));
  const m = new LightGcn(split, new Rng(1), { dim, layers: 3, init: 'spectral' });
  const e0 = Float64Array.from(m.ego);
  const e = m.embeddings();
  for (let c = 0; c < dim; c++) {
    const gain = (1 + sigma[c] + sigma[c] ** 2 + sigma[c] ** 3) / 4;
    let resid = 0,
      size = 0;
    for (let n = 0; n < U + I; n++) {
      resid = Math.max(resid, Math.abs(e[n * dim + c] - gain * e0[n * dim + c]));
      size = Math.max(size, Math.abs(e0[n * dim + c]));
    }
    assert.ok(
      resid < 2e-3 * size,
      `column ${c} (σ ${sigma[c].toFixed(3)}): residual ${resid} against entries up to ${size}`,
    );
  }
});

test('LightGCN rejects an unknown init, naming the field', () => {
  throwsInput(() => new LightGcn(split, new Rng(1), { init: 'zeros' as never }), 'init', /'normal' or 'spectral'/);
});
