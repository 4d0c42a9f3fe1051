import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mostConnected, nodeKindMask, sameCategoryImportance } from '../../lib/graph/importance-stats';
import type { Csr } from '../../lib/graph/csr';
import { PinlabInputError } from '../../lib/errors';

test('sameCategoryImportance: importance weight in the source category against its item share', () => {
  // Items 0, 1 in category 0 and item 2 in category 1, as nodes 10, 11, 12. Source 10 pools 11 (0.75)
  // and 12 (0.25); source 12 reached nothing; source 11 pools 10 (1).
  const hoods = {
    indptr: Uint32Array.of(0, 2, 2, 3),
    nodes: Uint32Array.of(11, 12, 10),
    weights: Float32Array.of(0.75, 0.25, 1),
  };
  const r = sameCategoryImportance(Uint8Array.of(0, 0, 1), 10, [10, 12, 11], hoods);
  assert.equal(r.weight, (0.75 + 1) / 2);
  assert.ok(Math.abs(r.chance - (2 / 3 + 1 / 3 + 2 / 3) / 3) < 1e-12);
  assert.equal(r.withNeighbours, 2);
  assert.equal(r.meanNeighbours, 1.5);
  assert.throws(() => sameCategoryImportance(Uint8Array.of(0, 0, 1), 10, [10, 13, 11], hoods), PinlabInputError);
  assert.throws(() => sameCategoryImportance(Uint8Array.of(0, 0, 1), 10, [10, 11], hoods), PinlabInputError);
});

test('mostConnected picks the candidate with the most arcs, the first on ties', () => {
  // Arcs per node: 0 → 1, 1 → 3, 2 → 3, 3 → 0.
  const csr = { nodeCount: 4, indptr: Uint32Array.of(0, 1, 4, 7, 7) } as unknown as Csr;
  assert.equal(mostConnected(csr, [3, 0, 2, 1]), 2);
  assert.equal(mostConnected(csr, [0, 3]), 0);
  assert.throws(() => mostConnected(csr, [0, 4]), PinlabInputError);
});

test('nodeKindMask marks the nodes of the listed kinds', () => {
  assert.deepEqual(Array.from(nodeKindMask(Uint8Array.of(0, 1, 2, 1, 3), [1, 3])), [0, 1, 0, 1, 1]);
});
