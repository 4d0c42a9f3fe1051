// The options that reproduce the official SASRec code's encoder (kang205/SASRec), each checked by value.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { TransformerEncoder, type TransformerConfig } from '../../lib/nn/transformer-encoder';
import { Rng } from '../../lib/random/rng';
import { chooseBackend } from '../../lib/tf/backend';
import { SMALL_CAUSAL_ENCODER } from '../support/transformer';

before(async () => {
  await chooseBackend({ log: () => {} });
});

const base = SMALL_CAUSAL_ENCODER;

const TOKENS = [
  [0, 0, 3, 5, 7, 2],
  [0, 4, 1, 9, 9, 6],
];

function run(enc: TransformerEncoder, tokens: number[][], ctx?: { training: boolean; rng: Rng }): Float32Array {
  return tf.tidy(() => enc.forward(tf.tensor2d(tokens, undefined, 'int32'), ctx).dataSync() as Float32Array);
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  return a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);
}

test('scaleEmbedding multiplies the token embeddings by √D before the positions are added', () => {
  const scaled = new TransformerEncoder({ ...base, scaleEmbedding: true }, new Rng(1));
  const plain = new TransformerEncoder(base, new Rng(1));
  const tokens = tf.tensor2d(TOKENS, undefined, 'int32');
  const embedded = tf.gather(plain.tokenEmbedding, tokens) as tf.Tensor3D;
  const a = tf.tidy(() => scaled.encodeEmbedded(embedded, tokens).dataSync() as Float32Array);
  const b = tf.tidy(() => plain.encodeEmbedded(tf.mul(embedded, Math.sqrt(8)), tokens).dataSync() as Float32Array);
  assert.ok(maxDiff(a, b) < 1e-5, 'scaled(E) = plain(E·√8)');
  const c = tf.tidy(() => plain.encodeEmbedded(embedded, tokens).dataSync() as Float32Array);
  assert.ok(maxDiff(a, c) > 1e-2, 'the scaling changes the states');
  tf.dispose([tokens, embedded]);
  scaled.dispose();
  plain.dispose();
});

test('zeroPadding: padding states are zero (the final LayerNorm of a zero row is its β = 0), real states unchanged', () => {
  const D = base.dModel;
  const zeroed = new TransformerEncoder({ ...base, zeroPadding: true, dropout: 0.3 }, new Rng(2));
  const plain = new TransformerEncoder({ ...base, dropout: 0.3 }, new Rng(2));
  for (const ctx of [undefined, { training: true, rng: new Rng(5) }]) {
    const a = run(zeroed, TOKENS, ctx && { training: true, rng: new Rng(5) });
    const b = run(plain, TOKENS, ctx && { training: true, rng: new Rng(5) });
    TOKENS.flat().forEach((t, p) => {
      const rowA = a.subarray(p * D, (p + 1) * D);
      const rowB = b.subarray(p * D, (p + 1) * D);
      if (t === 0) {
        assert.ok(
          rowA.every((x) => x === 0),
          `padding row ${p} is zero`,
        );
        assert.ok(
          rowB.some((x) => Math.abs(x) > 1e-3),
          `without zeroPadding padding row ${p} is not`,
        );
      } else assert.ok(maxDiff(rowA, rowB) < 1e-5, `real row ${p} unchanged (padding is a masked key)`);
    });
  }
  zeroed.dispose();
  plain.dispose();
});

type M = number[][];
const mm = (a: M, b: M): M => a.map((r) => b[0].map((_, j) => r.reduce((s, x, k) => s + x * b[k][j], 0)));
const add = (a: M, b: M): M => a.map((r, i) => r.map((x, j) => x + b[i][j]));
const ln = (a: M, g: number[], b: number[]): M =>
  a.map((r) => {
    const mean = r.reduce((s, x) => s + x, 0) / r.length;
    const variance = r.reduce((s, x) => s + (x - mean) ** 2, 0) / r.length;
    return r.map((x, j) => ((x - mean) / Math.sqrt(variance + 1e-5)) * g[j] + b[j]);
  });
const arr = (v: tf.Tensor) => v.arraySync() as M;
const vec = (v: tf.Tensor) => Array.from(v.dataSync());

test("block 'sasrec' equals the official code's block, written out: queries normalised, keys, values and residuals not", () => {
  const cfg: TransformerConfig = { ...base, length: 3, heads: 1, layers: 1, block: 'sasrec' };
  const enc = new TransformerEncoder(cfg, new Rng(3));
  const tokens = [4, 7, 2];
  const b = enc.blocks[0];
  const E = arr(enc.tokenEmbedding);
  const x0 = add(
    tokens.map((t) => E[t]),
    arr(enc.positions),
  );
  const z = ln(x0, vec(b.ln1g), vec(b.ln1b));
  const q = mm(z, arr(b.wq));
  const k = mm(x0, arr(b.wk));
  const v = mm(x0, arr(b.wv));
  const att = q.map((qi, i) => {
    const s = k.slice(0, i + 1).map((kj) => qi.reduce((acc, x, d) => acc + x * kj[d], 0) / Math.sqrt(8));
    const w = s.map((x) => Math.exp(x - Math.max(...s)));
    const total = w.reduce((a, c) => a + c, 0);
    return v[0].map((_, d) => w.reduce((acc, wj, j) => acc + (wj / total) * v[j][d], 0));
  });
  const x1 = add(z, mm(att, arr(b.wo)));
  const z2 = ln(x1, vec(b.ln2g), vec(b.ln2b));
  const b1 = vec(b.b1);
  const b2 = vec(b.b2);
  const hidden = mm(z2, arr(b.w1)).map((r) => r.map((x, j) => Math.max(0, x + b1[j])));
  const f = mm(hidden, arr(b.w2)).map((r) => r.map((x, j) => x + b2[j]));
  const expected = ln(add(z2, f), vec(enc.lnFg), vec(enc.lnFb)).flat();
  const got = run(enc, [tokens]);
  assert.ok(maxDiff(got, Float32Array.from(expected)) < 1e-4);
  // The default pre-LN block differs on the same weights.
  const preLn = new TransformerEncoder({ ...cfg, block: undefined }, new Rng(3));
  assert.ok(maxDiff(run(preLn, [tokens]), got) > 1e-2);
  assert.throws(() => new TransformerEncoder({ ...cfg, block: 'post-ln' as 'sasrec' }, new Rng(3)), /block/);
  enc.dispose();
  preLn.dispose();
});

test("init 'glorot' draws U(±√(6 / (m + n))); the default token table is still 0.1 × the stream's normal draws", () => {
  const cfg: TransformerConfig = { ...base, vocab: 2000, dModel: 16, ffn: 32 };
  const glorot = new TransformerEncoder({ ...cfg, init: 'glorot' }, new Rng(4));
  const checkUniform = (v: tf.Variable, m: number, n: number) => {
    const a = Math.sqrt(6 / (m + n));
    const x = v.dataSync() as Float32Array;
    assert.ok(
      x.every((y) => Math.abs(y) <= a),
      `within ±${a}`,
    );
    const variance = x.reduce((s, y) => s + y * y, 0) / x.length;
    assert.ok(Math.abs(variance / ((a * a) / 3) - 1) < 0.1, `variance ${variance} ≈ a²/3`);
  };
  checkUniform(glorot.tokenEmbedding, 2000, 16);
  checkUniform(glorot.blocks[0].w1, 16, 32);
  checkUniform(glorot.positions as tf.Variable, 6, 16);
  // The default's first token row is the stream's first draws, scaled as before the option.
  const normal = new TransformerEncoder(cfg, new Rng(4));
  const rng = new Rng(4);
  const first = Array.from({ length: 16 }, () => 0.1 * rng.normal());
  assert.deepEqual(
    Array.from(normal.tokenEmbedding.slice([0, 0], [1, 16]).dataSync()),
    Array.from(Float32Array.from(first)),
  );
  assert.throws(() => new TransformerEncoder({ ...cfg, init: 'he' as 'glorot' }, new Rng(4)), /init/);
  glorot.dispose();
  normal.dispose();
});
