import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPlanetoid } from '../../../lib/data/datasets/planetoid';

test('Cora loads with the Planetoid shapes (skipped where the data is absent)', (t) => {
  const { data, reason } = loadPlanetoid('cora');
  if (!data) return t.skip(reason);
  assert.equal(data.numNodes, 2708);
  assert.equal(data.numFeatures, 1433);
  assert.equal(data.numClasses, 7);
  assert.equal(data.edgeSrc.length, 5278);
  assert.deepEqual([data.train.length, data.val.length, data.test.length], [140, 500, 1000]);
  assert.deepEqual([data.train[0], data.val[0], data.test[0], data.test[999]], [0, 140, 1708, 2707]);
  for (let e = 0; e < data.edgeSrc.length; e++) assert.ok(data.edgeSrc[e] < data.edgeDst[e]);
  // Rows are normalised to sum 1; node 0 has 9 words.
  const row0 = data.features.subarray(0, 1433);
  assert.ok(Math.abs(row0.reduce((a, b) => a + b, 0) - 1) < 1e-6);
  assert.equal(row0[19], Math.fround(1 / 9));
  assert.ok(data.labels.every((y) => y >= 0 && y < 7));
});
