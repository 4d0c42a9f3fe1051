import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitFromText } from '../../../../lib/data/datasets/gowalla';
import {
  bipartiteCsr,
  pinsageNeighbourhoods,
  pprHardNegatives,
} from '../../../../lib/models/cf/pinsage/neighbourhoods';
import { Rng } from '../../../../lib/random/rng';

// 5 users × 7 items.
const split = splitFromText('0 0 1 2\n1 1 3 4\n2 4 5 0\n3 2 6\n4 3 5 6 1\n', '0 3\n1 5\n2 1\n3 4\n4 0\n');

test('bipartite CSR and importance neighbourhoods: items only, weights sum to 1, seeded', () => {
  const csr = bipartiteCsr(split);
  assert.equal(csr.nodeCount, 12);
  assert.deepEqual(Array.from(csr.indices.subarray(csr.indptr[0], csr.indptr[1])), [5, 6, 7]); // user 0 → items 0,1,2
  const a = pinsageNeighbourhoods(split, csr, 3, new Rng(1), { steps: 2000 });
  const b = pinsageNeighbourhoods(split, csr, 3, new Rng(1), { steps: 2000 });
  assert.deepEqual(a, b);
  for (let v = 0; v < 12; v++) {
    let s = 0;
    for (let t = 0; t < 3; t++) {
      if (a.weights[v * 3 + t] > 0) assert.ok(a.nodes[v * 3 + t] >= 5 && a.nodes[v * 3 + t] !== v);
      s += a.weights[v * 3 + t];
    }
    assert.ok(Math.abs(s - 1) < 1e-6, `row ${v} sums to ${s}`);
  }
  // User 3's only items are 2 and 6: with restart 0.5 its walks hit those most.
  assert.deepEqual(Array.from(a.nodes.subarray(9, 11)).sort(), [5 + 2, 5 + 6].sort());
  const hard = pprHardNegatives(split, csr, new Rng(2), { from: 1, to: 4, perUser: 2, steps: 500 });
  for (let u = 0; u < 5; u++) {
    // Every user's walks reach at least 3 of the 7 items outside its own (≤ 4), so both slots of the
    // band [1, 4) are filled: distinct items, none of them the user's training items.
    const found = Array.from(hard.items.subarray(u * 2, u * 2 + 2));
    assert.ok(
      found.every((it) => it >= 0 && it < 7),
      `user ${u} hard negatives ${found}`,
    );
    assert.notEqual(found[0], found[1]);
    const own = Array.from(split.train.ids.subarray(split.train.offsets[u], split.train.offsets[u + 1]));
    for (const it of found) assert.ok(!own.includes(it), `user ${u} hard negative ${it} is a training item`);
  }
});
