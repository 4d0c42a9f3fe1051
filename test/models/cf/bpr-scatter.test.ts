import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bprScatter } from '../../../lib/models/cf/bpr-scatter';
import { sharedFloats } from '../../../lib/parallel';
import { Rng } from '../../../lib/random/rng';
import { withThreads } from '../../support/threads';

test('bprScatter on the pool gives the plain loop bits, with rows repeated and i = j in a triple', () => {
  const rng = new Rng(21);
  const users = 40,
    items = 30,
    d = 8,
    n = 600;
  const E = sharedFloats((users + items) * d);
  for (let k = 0; k < E.length; k++) E[k] = rng.normal();
  const s = {
    users: Int32Array.from({ length: n + 10 }, () => rng.int(users)),
    pos: Int32Array.from({ length: n + 10 }, () => rng.int(items)),
    neg: Int32Array.from({ length: n + 10 }, () => rng.int(items)),
  };
  for (let t = 0; t < n; t += 7) s.neg[t] = s.pos[t];
  const run = (t: number) =>
    withThreads(t, () => {
      const G = sharedFloats(E.length).fill(0.5);
      const loss = bprScatter(E, G, s, 5, 5 + n, users, d);
      return { loss, G };
    });
  const one = run(1);
  assert.ok(one.loss > 0 && one.G.some((v) => v !== 0.5));
  for (const t of [2, 3]) assert.deepEqual(run(t), one, `${t} threads`);
});
