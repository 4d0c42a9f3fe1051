import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitFromText } from '../../lib/data/datasets/gowalla';
import { normalizedBipartite, sharedMatrix, spmm } from '../../lib/linalg/bipartite';
import { Rng } from '../../lib/random/rng';

const split = splitFromText('0 0 1 2\n1 1 3\n2 4 5 0\n3 2\n', '0 3\n');

test('normalised bipartite matrix: R̃_ui = 1/√(deg u · deg i), transpose consistent', () => {
  const g = normalizedBipartite(split.train, split.numItems);
  assert.deepEqual(Array.from(g.userDegree), [3, 2, 3, 1]);
  assert.deepEqual(Array.from(g.itemDegree), [2, 2, 2, 1, 1, 1]);
  // user 0, item 0: 1/√(3·2)
  assert.ok(Math.abs(g.byUser.vals[0] - 1 / Math.sqrt(6)) < 1e-7);
  const dense = (byUser: boolean) => {
    const m = byUser ? g.byUser : g.byItem;
    const a = new Float64Array(4 * 6);
    for (let r = 0; r < m.rows; r++)
      for (let j = m.offsets[r]; j < m.offsets[r + 1]; j++) a[byUser ? r * 6 + m.ids[j] : m.ids[j] * 6 + r] = m.vals[j];
    return Array.from(a);
  };
  assert.deepEqual(dense(true), dense(false));
});

test('spmm equals the dense product for dims with and without an 8-column tail, and accumulates', () => {
  const g = normalizedBipartite(split.train, split.numItems);
  const rng = new Rng(2);
  for (const dim of [3, 8, 13]) {
    const x = Float32Array.from({ length: 6 * dim }, () => rng.normal());
    const out = Float32Array.from({ length: 4 * dim }, () => 1);
    spmm(g.byUser, x, dim, out, true);
    for (let u = 0; u < 4; u++)
      for (let c = 0; c < dim; c++) {
        let s = 1;
        for (let j = g.byUser.offsets[u]; j < g.byUser.offsets[u + 1]; j++)
          s += g.byUser.vals[j] * x[g.byUser.ids[j] * dim + c];
        assert.ok(Math.abs(out[u * dim + c] - s) < 1e-5);
      }
    spmm(g.byUser, x, dim, out);
    assert.ok(
      Math.abs(out[0] - (g.byUser.vals[0] * x[0] + g.byUser.vals[1] * x[dim] + g.byUser.vals[2] * x[2 * dim])) < 1e-5,
    );
  }
});

test('sharedMatrix copies a matrix onto SharedArrayBuffers once, and returns an already shared one as it is', () => {
  const m = normalizedBipartite(split.train, split.numItems).byUser;
  const s = sharedMatrix(m);
  assert.notEqual(s, m);
  for (const k of ['offsets', 'ids', 'vals'] as const) {
    assert.ok(s[k].buffer instanceof SharedArrayBuffer, k);
    assert.deepEqual(Array.from(s[k]), Array.from(m[k]), k);
  }
  assert.equal(sharedMatrix(s), s);
});
