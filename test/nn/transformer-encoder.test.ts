import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { TransformerEncoder } from '../../lib/nn/transformer-encoder';
import { Rng } from '../../lib/random/rng';
import { chooseBackend } from '../../lib/tf/backend';
import { SMALL_CAUSAL_ENCODER } from '../support/transformer';

before(async () => {
  await chooseBackend({ log: () => {} });
});

const sasrecLike = SMALL_CAUSAL_ENCODER;

function hidden(enc: TransformerEncoder, tokens: number[][], ctx?: { training: boolean; rng: Rng }): Float32Array {
  return tf.tidy(() => enc.forward(tf.tensor2d(tokens, undefined, 'int32'), ctx).dataSync() as Float32Array);
}

function close(a: Float32Array, b: Float32Array, tol = 1e-5): boolean {
  return a.length === b.length && a.every((x, i) => Math.abs(x - b[i]) <= tol);
}

test('causal attention: a position reads only itself and earlier tokens', () => {
  const enc = new TransformerEncoder(sasrecLike, new Rng(1));
  const D = sasrecLike.dModel;
  const a = hidden(enc, [[0, 3, 5, 7, 2, 9]]);
  const b = hidden(enc, [[0, 3, 5, 7, 4, 1]]); // positions 4 and 5 changed
  // Position 0 holds padding, whose output nothing reads.
  assert.ok(close(a.subarray(D, 4 * D), b.subarray(D, 4 * D)), 'positions 1..3 unchanged');
  assert.ok(!close(a.subarray(4 * D), b.subarray(4 * D)), 'positions 4..5 changed');
  const bidirectional = new TransformerEncoder({ ...sasrecLike, causal: false }, new Rng(1));
  const c = hidden(bidirectional, [[0, 3, 5, 7, 2, 9]]);
  const d = hidden(bidirectional, [[0, 3, 5, 7, 4, 1]]);
  assert.ok(!close(c.subarray(D, 2 * D), d.subarray(D, 2 * D)), 'without causal, earlier positions see later ones');
  enc.dispose();
  bidirectional.dispose();
});

test('a batch shorter than length takes the last positions: equal to the full batch at every real token', () => {
  const enc = new TransformerEncoder(sasrecLike, new Rng(2));
  const D = sasrecLike.dModel;
  const full = hidden(enc, [
    [0, 0, 0, 4, 8, 2],
    [0, 0, 0, 0, 6, 1],
  ]);
  const short = hidden(enc, [
    [4, 8, 2],
    [0, 6, 1],
  ]);
  assert.ok(close(full.subarray(3 * D, 6 * D), short.subarray(0, 3 * D)));
  assert.ok(close(full.subarray(10 * D, 12 * D), short.subarray(4 * D, 6 * D)));
  assert.throws(() => hidden(enc, [[1, 2, 3, 4, 5, 6, 7]]), /tokens/);
  enc.dispose();
});

test('learned positions are a trained variable; without categories a token embeds as its row', () => {
  const enc = new TransformerEncoder(sasrecLike, new Rng(3));
  assert.equal(enc.categoryEmbedding, null);
  assert.ok(enc.positions instanceof tf.Variable);
  assert.ok(enc.variables().includes(enc.positions as tf.Variable));
  const grads = tf.tidy(() => {
    const { grads } = tf.variableGrads(() =>
      tf.sum(enc.forward(tf.tensor2d([[0, 1, 2, 3, 4, 5]], undefined, 'int32'))),
    );
    return tf
      .abs(grads[(enc.positions as tf.Variable).name])
      .sum()
      .dataSync()[0];
  });
  assert.ok(grads > 0);
  const e = tf.tidy(() => enc.embedTokens(tf.tensor1d([5], 'int32')).dataSync());
  const row = tf.tidy(() => enc.tokenEmbedding.slice([5, 0], [1, -1]).dataSync());
  assert.deepEqual(Array.from(e), Array.from(row));
  // The default encoder keeps its fixed sinusoidal table out of its variables.
  const plain = new TransformerEncoder({ ...sasrecLike, positions: undefined }, new Rng(3));
  assert.ok(!(plain.positions instanceof tf.Variable));
  assert.equal(plain.variables().length, enc.variables().length - 1);
  enc.dispose();
  plain.dispose();
});

test('dropout acts only in training, with masks fixed by the context stream', () => {
  const enc = new TransformerEncoder({ ...sasrecLike, dropout: 0.5 }, new Rng(4));
  const tokens = [[0, 3, 5, 7, 2, 9]];
  const evalOut = hidden(enc, tokens);
  assert.ok(close(evalOut, hidden(enc, tokens, { training: false, rng: new Rng(9) })));
  const t1 = hidden(enc, tokens, { training: true, rng: new Rng(9) });
  const t2 = hidden(enc, tokens, { training: true, rng: new Rng(9) });
  const t3 = hidden(enc, tokens, { training: true, rng: new Rng(10) });
  assert.ok(close(t1, t2, 0));
  assert.ok(!close(t1, evalOut));
  assert.ok(!close(t1, t3));
  assert.throws(() => new TransformerEncoder({ ...sasrecLike, dropout: 1 }, new Rng(4)), /dropout/);
  enc.dispose();
});
