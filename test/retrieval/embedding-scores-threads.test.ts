import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EmbeddingScores } from '../../lib/retrieval/embedding-scores';
import { Rng } from '../../lib/random/rng';
import { withThreads } from '../support/threads';

test("EmbeddingScores' js product on the pool equals the plain sums bit for bit at 1, 2 and 3 threads", () => {
  const rng = new Rng(4);
  const dim = 23,
    users = 300,
    items = 517;
  const userEmb = Float32Array.from({ length: users * dim }, () => rng.normal());
  const itemEmb = Float32Array.from({ length: items * dim }, () => rng.normal());
  // 203 users: not a multiple of the 4-row tile, and not in id order.
  const block = Int32Array.from({ length: 203 }, (_, r) => (r * 37) % users);
  const run = (t: number) =>
    withThreads(t, () => {
      const out = new Float32Array(block.length * items);
      new EmbeddingScores(userEmb, itemEmb, dim).scoreBlock(block, out);
      return out;
    });
  const want = new Float32Array(block.length * items);
  for (let r = 0; r < block.length; r++) {
    for (let j = 0; j < items; j++) {
      let s = 0;
      for (let c = 0; c < dim; c++) s += userEmb[block[r] * dim + c] * itemEmb[j * dim + c];
      want[r * items + j] = s;
    }
  }
  for (const t of [1, 2, 3]) assert.deepEqual(run(t), want, `${t} threads`);
});
