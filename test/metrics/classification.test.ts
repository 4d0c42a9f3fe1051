import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { averagePrecision, rocAuc } from '../../lib/metrics/classification';
import { PinlabInputError } from '../../lib/errors';

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

/** O(n²) pair count: P(s_pos > s_neg) + ½ P(tie). */
function pairAuc(s: number[], y: number[]): number {
  let num = 0;
  let pairs = 0;
  for (let i = 0; i < s.length; i++) {
    for (let j = 0; j < s.length; j++) {
      if (y[i] === 1 && y[j] === 0) {
        pairs++;
        num += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
      }
    }
  }
  return num / pairs;
}

/** O(n²): mean over positives of precision among all items scoring at least as high. */
function pairAp(s: number[], y: number[]): number {
  let sum = 0;
  let pos = 0;
  for (let i = 0; i < s.length; i++) {
    if (y[i] !== 1) continue;
    pos++;
    let above = 0;
    let tpAbove = 0;
    for (let j = 0; j < s.length; j++) {
      if (s[j] >= s[i]) {
        above++;
        tpAbove += y[j];
      }
    }
    sum += tpAbove / above;
  }
  return sum / pos;
}

test('hand-computed values (the scikit-learn doc example)', () => {
  // Pairs (pos, neg): (0.35,0.1)✓ (0.35,0.4)✗ (0.8,0.1)✓ (0.8,0.4)✓ → 3/4.
  close(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 0.75);
  // Descending: 0.8(+) P=1 R=½; 0.4(−); 0.35(+) P=2/3 R=1 → ½·1 + ½·⅔ = 5/6.
  close(averagePrecision([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 5 / 6);
});

test('ties are averaged', () => {
  close(rocAuc([0.5, 0.5], [0, 1]), 0.5);
  // Scores [1,1,0]: labels [1,0,1]: pairs (1 vs 1 tie)=½, (0 vs 1)=0 → ¼.
  close(rocAuc([1, 1, 0], [1, 0, 1]), 0.25);
  // One threshold holds both tied items: P=½ at R=½, then P=⅔ at R=1 → ½·½ + ½·⅔.
  close(averagePrecision([1, 1, 0], [1, 0, 1]), 0.25 + 1 / 3);
  close(rocAuc([3, 3, 3, 3], [1, 0, 1, 0]), 0.5);
  close(averagePrecision([3, 3, 3, 3], [1, 0, 1, 0]), 0.5);
});

test('perfect and reversed rankings', () => {
  close(rocAuc([0.9, 0.8, 0.1], [1, 1, 0]), 1);
  close(rocAuc([0.1, 0.2, 0.9], [1, 1, 0]), 0);
  close(averagePrecision([0.9, 0.8, 0.1], [1, 1, 0]), 1);
});

const scored = fc
  .array(fc.tuple(fc.integer({ min: -5, max: 5 }), fc.integer({ min: 0, max: 1 })), { minLength: 2, maxLength: 60 })
  .filter((a) => a.some(([, y]) => y === 1) && a.some(([, y]) => y === 0));

test('property: AUC equals the O(n²) pair count (small integer scores force many ties)', () => {
  fc.assert(
    fc.property(scored, (a) => {
      const s = a.map(([v]) => v / 2);
      const y = a.map(([, l]) => l);
      close(rocAuc(s, y), pairAuc(s, y), 1e-12);
    }),
    { numRuns: 300 },
  );
});

test('property: AP equals the O(n²) mean precision at each positive', () => {
  fc.assert(
    fc.property(scored, (a) => {
      const s = a.map(([v]) => v);
      const y = a.map(([, l]) => l);
      close(averagePrecision(s, y), pairAp(s, y), 1e-12);
    }),
    { numRuns: 300 },
  );
});

test('property: AUC(−s) = 1 − AUC(s), invariant under increasing maps, accepts typed arrays', () => {
  fc.assert(
    fc.property(scored, (a) => {
      const s = Float64Array.from(a, ([v]) => v);
      const y = Int8Array.from(a, ([, l]) => l);
      close(
        rocAuc(
          s.map((v) => -v),
          y,
        ),
        1 - rocAuc(s, y),
        1e-12,
      );
      close(
        rocAuc(
          s.map((v) => Math.exp(v)),
          y,
        ),
        rocAuc(s, y),
        1e-12,
      );
    }),
    { numRuns: 200 },
  );
});

test('bad input names the field and index', () => {
  const err = (field: string, index?: number) => (e: unknown) =>
    e instanceof PinlabInputError && e.field === field && e.index === index;
  assert.throws(() => rocAuc([0.1, NaN], [0, 1]), err('scores', 1));
  assert.throws(() => rocAuc([0.1, 0.2, 0.3], [0, 1, 2]), err('labels', 2));
  assert.throws(() => averagePrecision([0.1, 0.2], [1, 1]), err('labels'));
  assert.throws(() => rocAuc([0.1, 0.2], [1]), err('labels'));
});
