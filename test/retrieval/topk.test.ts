import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { matMulNT } from '../../lib/retrieval/matmul';
import { TopKSelector } from '../../lib/retrieval/select';
import { exactTopK } from '../../lib/retrieval/topk';
import { EmbeddingScores } from '../../lib/retrieval/embedding-scores';
import { chooseBackend } from '../../lib/tf/backend';
import { PinlabInputError } from '../../lib/errors';
import { Rng } from '../../lib/random/rng';

function randomMatrix(rng: Rng, rows: number, cols: number): Float32Array {
  return Float32Array.from({ length: rows * cols }, () => rng.normal());
}

test('blocked matMulNT equals the naive triple loop, including ragged edges', () => {
  const rng = new Rng(11);
  for (const [m, n, d] of [
    [1, 1, 1],
    [5, 7, 3],
    [9, 130, 17],
    [16, 260, 64],
  ]) {
    const a = randomMatrix(rng, m, d);
    const b = randomMatrix(rng, n, d);
    const c = new Float32Array(m * n);
    matMulNT(a, b, m, n, d, c);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let t = 0; t < d; t++) s += a[i * d + t] * b[j * d + t];
        assert.ok(Math.abs(c[i * n + j] - s) < 1e-4, `(${i},${j}) ${c[i * n + j]} vs ${s}`);
      }
    }
  }
});

test('TopKSelector equals a stable full sort (score desc, id asc), with -Infinity excluded', () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constant(-Infinity)), { minLength: 1, maxLength: 60 }),
      fc.integer({ min: 1, max: 70 }),
      (raw, k) => {
        const scores = Float32Array.from(raw);
        const sel = new TopKSelector(k);
        const ids = new Int32Array(k);
        const out = new Float32Array(k);
        sel.select(scores, 0, scores.length, ids, out, 0);
        const order = Array.from(scores.keys())
          .filter((j) => scores[j] !== -Infinity)
          .sort((x, y) => scores[y] - scores[x] || x - y);
        const want = Array.from({ length: k }, (_, r) => (r < order.length ? order[r] : -1));
        assert.deepEqual(Array.from(ids), want);
      },
    ),
    { seed: 42, numRuns: 300 },
  );
});

test('exactTopK on embeddings matches a full sort, excluding training items, for user subsets and ragged blocks', () => {
  const rng = new Rng(3);
  const U = 23,
    I = 57,
    d = 8,
    k = 10;
  const ue = randomMatrix(rng, U, d);
  const ie = randomMatrix(rng, I, d);
  // User u excludes items u, u+1, u+2 (mod I).
  const offsets = Int32Array.from({ length: U + 1 }, (_, u) => 3 * u);
  const ex = Int32Array.from({ length: 3 * U }, (_, j) => (Math.floor(j / 3) + (j % 3)) % I);
  const users = Int32Array.from([5, 0, 22, 7, 7]);
  const res = exactTopK(new EmbeddingScores(ue, ie, d), k, { exclude: { offsets, ids: ex }, users, blockUsers: 2 });
  users.forEach((u, r) => {
    const s = new Float32Array(I);
    matMulNT(ue.subarray(u * d, u * d + d), ie, 1, I, d, s);
    const banned = new Set([u % I, (u + 1) % I, (u + 2) % I]);
    const want = Array.from(s.keys())
      .filter((j) => !banned.has(j))
      .sort((x, y) => s[y] - s[x] || x - y)
      .slice(0, k);
    assert.deepEqual(Array.from(res.items.subarray(r * k, r * k + k)), want);
    assert.equal(res.scores[r * k], s[want[0]]);
  });
});

test('tf engine gives the same top-k as the js engine', async () => {
  await chooseBackend({ log: () => {} });
  const rng = new Rng(9);
  const ue = randomMatrix(rng, 40, 16);
  const ie = randomMatrix(rng, 300, 16);
  const js = exactTopK(new EmbeddingScores(ue, ie, 16, 'js'), 20, { blockUsers: 16 });
  const src = new EmbeddingScores(ue, ie, 16, 'tf', 16);
  const viaTf = exactTopK(src, 20, { blockUsers: 16 });
  src.dispose();
  let same = 0;
  for (let j = 0; j < js.items.length; j++) same += js.items[j] === viaTf.items[j] ? 1 : 0;
  // Summation order differs, so near-ties may swap; nearly all positions agree.
  assert.ok(same / js.items.length > 0.97, `agreement ${same / js.items.length}`);
  for (let j = 0; j < js.scores.length; j++) assert.ok(Math.abs(js.scores[j] - viaTf.scores[j]) < 1e-4);
});

test('bad input is rejected with the field name', () => {
  const src = new EmbeddingScores(new Float32Array(4), new Float32Array(6), 2);
  assert.throws(
    () => exactTopK(src, 4),
    (e: unknown) => e instanceof PinlabInputError && e.field === 'k',
  );
  assert.throws(
    () => exactTopK(src, 1, { users: Int32Array.from([0, 2]) }),
    (e: unknown) => e instanceof PinlabInputError && e.field === 'users' && e.index === 1,
  );
  assert.throws(() => new EmbeddingScores(new Float32Array(5), new Float32Array(6), 2), PinlabInputError);
});
