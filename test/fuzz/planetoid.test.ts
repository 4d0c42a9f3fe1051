import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PLANETOID_FILES, readPlanetoid, type Planetoid } from '../../lib/data/datasets/planetoid';
import { useTempCache } from '../support/data-fixture';
import { describeDataSetCounts, fuzzReader } from '../support/fuzz-reader';

useTempCache();

/** The layout's invariants, checked without the reader's code: why `d` is not a valid data set. */
function invalid(d: Planetoid): string | undefined {
  const { numNodes: N, numFeatures: F, numClasses: C } = d;
  if (d.features.length !== N * F || d.labels.length !== N) return 'array sizes';
  for (let i = 0; i < N; i++) {
    const row = Array.from(d.features.subarray(i * F, (i + 1) * F)).filter((x) => x !== 0);
    if (row.some((x) => x !== Math.fround(1 / row.length))) return `feature row ${i} is not 1/count`;
  }
  if (d.labels.some((y) => !(y >= -1 && y < C))) return 'label out of range';
  const edges = new Set<string>();
  for (let e = 0; e < d.edgeSrc.length; e++) {
    const [u, v] = [d.edgeSrc[e], d.edgeDst[e]];
    if (!(u >= 0 && u < v && v < N) || edges.has(`${u},${v}`)) return `edge ${u},${v}`;
    edges.add(`${u},${v}`);
  }
  const inSplit = [...d.train, ...d.val, ...d.test];
  if (new Set(inSplit).size !== inSplit.length) return 'splits overlap';
  if (inSplit.some((i) => !(i >= 0 && i < N) || d.labels[i] < 0)) return 'split node out of range or unlabeled';
  return undefined;
}

for (const sums of ['keep', 'drop'] as const) {
  const shipped = sums === 'keep' ? 'shipped' : 'absent';
  const title = `fuzz, SHA256SUMS ${shipped}: mutated Planetoid files load unchanged or throw a typed error naming it`;
  test(title, (t) => {
    const { counts, failures } = fuzzReader(
      { fixture: 'planetoid-tiny', files: PLANETOID_FILES, read: readPlanetoid, invalid },
      { seed: 20261201, runs: 400, sums },
    );
    t.diagnostic(describeDataSetCounts(`readPlanetoid, SHA256SUMS ${shipped}`, counts));
    assert.deepEqual(failures.slice(0, 5), []);
    if (sums === 'keep') assert.equal(counts.validDifferent, 0);
    assert.equal(counts.cases, 400);
  });
}
