import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { splitFromText } from '../../../lib/data/datasets/gowalla';
import { PinlabInputError } from '../../../lib/errors';
import { normalizedBipartite } from '../../../lib/linalg/bipartite';
import { Bspm, odePolynomial, type BspmOptions } from '../../../lib/models/cf/bspm';
import { GfCf } from '../../../lib/models/cf/gf-cf';
import { Rng } from '../../../lib/random/rng';
import { chooseBackend } from '../../../lib/tf/backend';

// 5 users × 8 items; rank 2 of 8 with enough iterations that the eigenvectors are exact.
const split = splitFromText('0 0 1 2\n1 1 3 4\n2 4 5 0\n3 2 6 7\n4 7 5 3 1\n', '0 3\n');
const U = split.numUsers,
  n = split.numItems;
const users = Int32Array.from({ length: U }, (_, u) => u);
const eig = { rank: 2, oversample: 2, iterations: 60 };
const bspm = (o: BspmOptions) => new Bspm(split, new Rng(7), { ...eig, ...o });

function scores(model: { scoreBlock(u: Int32Array, out: Float32Array): void }, block = users): Float32Array {
  const out = new Float32Array(block.length * n);
  model.scoreBlock(block, out);
  return out;
}

// Dense references: P̃ = R̃ᵀR̃ and row-vector products y P̃.
const g = normalizedBipartite(split.train, n);
const P = new Float64Array(n * n);
for (let u = 0; u < U; u++)
  for (let a = g.byUser.offsets[u]; a < g.byUser.offsets[u + 1]; a++)
    for (let b = g.byUser.offsets[u]; b < g.byUser.offsets[u + 1]; b++)
      P[g.byUser.ids[a] * n + g.byUser.ids[b]] += g.byUser.vals[a] * g.byUser.vals[b];
const timesP = (y: number[]) => Array.from({ length: n }, (_, j) => y.reduce((s, v, i) => s + v * P[i * n + j], 0));
const row = (u: number) => {
  const r = new Array<number>(n).fill(0);
  for (let j = split.train.offsets[u]; j < split.train.offsets[u + 1]; j++) r[split.train.ids[j]] = 1;
  return r;
};
const lin = (a: number, x: number[], b: number, y: number[]) => x.map((v, i) => a * v + b * y[i]);

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 2e-5): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++)
    assert.ok(Math.abs(actual[i] - expected[i]) <= tol, `at ${i}: ${actual[i]} vs ${expected[i]}`);
}

before(async () => {
  await chooseBackend({ log: () => {} });
});

test('odePolynomial: Euler and RK4 steps as polynomials in P̃, by hand', () => {
  // One Euler step of dy/dt = y(aP̃ + bI): 1 + h(b + aP̃).
  assertClose(odePolynomial({ time: 0.5, steps: 1, solver: 'euler' }, -1, 0), [1, -0.5], 1e-12);
  // The paper's blur as two Euler steps over [0, 1]: (1 + ½(P̃ − 1))² = ¼ + ½P̃ + ¼P̃².
  assertClose(odePolynomial({ time: 1, steps: 2, solver: 'euler' }, 1, -1), [0.25, 0.5, 0.25], 1e-12);
  // RK4 on the paper's Gowalla sharpening (T_s = 2.5, one step): Σ_k (−2.5)^k / k!, k ≤ 4.
  assertClose(
    odePolynomial({ time: 2.5, steps: 1, solver: 'rk4' }, -1, 0),
    [1, -2.5, 3.125, -15.625 / 6, 39.0625 / 24],
    1e-12,
  );
  assert.throws(() => odePolynomial({ time: 1, steps: 1, solver: 'heun' as 'rk4' }, 1, 0), PinlabInputError);
  assert.throws(() => odePolynomial({ time: 1, steps: 0, solver: 'rk4' }, 1, 0), /steps/);
});

test('one Euler sharpening step equals (r P̃)(I − h P̃) (β = 0)', () => {
  const h = 0.7;
  const s = scores(bspm({ idealWeight: 0, sharpenTime: h, sharpenSolver: 'euler' }));
  const expected = [...users].flatMap((u) => {
    const y0 = timesP(row(u));
    return lin(1, y0, -h, timesP(y0));
  });
  assertClose(s, expected);
});

test('one RK4 sharpening step equals the classic k1…k4 formula on dy/dt = −y P̃ (β = 0)', () => {
  const h = 1.3;
  const s = scores(bspm({ idealWeight: 0, sharpenTime: h, sharpenSolver: 'rk4' }));
  const f = (y: number[]) => timesP(y).map((v) => -v);
  const expected = [...users].flatMap((u) => {
    const y0 = timesP(row(u));
    const k1 = f(y0),
      k2 = f(lin(1, y0, h / 2, k1)),
      k3 = f(lin(1, y0, h / 2, k2)),
      k4 = f(lin(1, y0, h, k3));
    return y0.map((v, i) => v + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]));
  });
  assertClose(s, expected);
});

test('a two-step Euler blur is r(½I + ½P̃)² (its constant term included), then sharpened', () => {
  const s = scores(bspm({ idealWeight: 0, blur: { time: 1, steps: 2, solver: 'euler' }, sharpenTime: 0 }));
  const expected = [...users].flatMap((u) => {
    const half = lin(0.5, row(u), 0.5, timesP(row(u)));
    return lin(0.5, half, 0.5, timesP(half));
  });
  assertClose(s, expected);
});

test('zero sharpening time is the identity: BSPM-EM is then GF-CF with α = β', () => {
  const beta = 0.4;
  const b = bspm({ idealWeight: beta, sharpenTime: 0 });
  const gf = new GfCf(split, new Rng(7), { ...eig, alpha: beta });
  assertClose(scores(b), scores(gf), 1e-6);
  b.dispose();
  gf.dispose();
});

test('early merge sharpens the ideal term, late merge adds it after', () => {
  const beta = 0.3,
    h = 0.9;
  // ι_u = GF-CF(α = 1) − GF-CF(α = 0): the ideal low-pass row of the same eigenvectors.
  const gf1 = scores(new GfCf(split, new Rng(7), { ...eig, alpha: 1 }));
  const gf0 = scores(new GfCf(split, new Rng(7), { ...eig, alpha: 0 }));
  const base = scores(bspm({ idealWeight: 0, sharpenTime: h }));
  const em = scores(bspm({ idealWeight: beta, sharpenTime: h }));
  const lm = scores(bspm({ idealWeight: beta, sharpenTime: h, earlyMerge: false }));
  const sharpen = odePolynomial({ time: h, steps: 1, solver: 'rk4' }, -1, 0);
  for (const u of users) {
    const iota = Array.from({ length: n }, (_, i) => gf1[u * n + i] - gf0[u * n + i]);
    let power = iota,
      sharpened = iota.map(() => 0);
    for (const c of sharpen) {
      sharpened = lin(1, sharpened, c, power);
      power = timesP(power);
    }
    const at = (a: Float32Array) => Array.from(a.subarray(u * n, (u + 1) * n));
    assertClose(lin(1, at(em), -1, at(base)), lin(beta, sharpened, 0, sharpened));
    assertClose(lin(1, at(lm), -1, at(base)), lin(beta, iota, 0, iota));
  }
});

test('scoreVariants equals separate models, is deterministic and independent of the user blocks', () => {
  const variants = [
    { sharpenTime: 1, idealWeight: 0.5 },
    { sharpenTime: 2.5, idealWeight: 0.1 },
  ];
  const multi = bspm({ variants });
  const got: Float32Array[] = [];
  multi.scoreVariants(users, new Float32Array(U * n), (v, out) => (got[v] = out.slice()));
  assert.equal(got.length, 3);
  assert.deepEqual(got[0], scores(bspm({})));
  for (const [v, o] of variants.entries())
    assert.deepEqual(got[v + 1], scores(bspm({ sharpenTime: o.sharpenTime, idealWeight: o.idealWeight })));
  // Users scored one at a time, and in another order, get the same rows.
  const single = bspm({});
  for (const u of [3, 0, 4]) assertClose(scores(single, Int32Array.of(u)), got[0].subarray(u * n, (u + 1) * n), 1e-6);
  assert.notDeepEqual(got[1], got[2]);
});

test('bad settings are refused naming the field', () => {
  assert.throws(
    () => bspm({ sharpenTime: -1 }),
    (e: unknown) => e instanceof PinlabInputError && /sharpenTime/.test(e.message),
  );
  assert.throws(() => bspm({ variants: [{ sharpenTime: 1, idealWeight: NaN }] }), /idealWeight/);
  assert.throws(() => bspm({ rank: 0 }), /rank/);
});
