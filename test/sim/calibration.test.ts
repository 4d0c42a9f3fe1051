import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { calibrationReport, IsotonicCalibrator } from '../../lib/metrics/calibration';
import { PinlabInputError } from '../../lib/errors';

describe('calibrationReport', () => {
  it('bins predictions and computes ECE, ratio and log loss by hand', () => {
    const r = calibrationReport([0.1, 0.1, 0.9, 0.8], [0, 1, 1, 1], 2, [0.2, 0.2, 0.7, 0.7]);
    assert.deepEqual(
      r.bins.map((b) => b.count),
      [2, 2],
    );
    assert.equal(r.bins[0].meanPredicted, 0.1);
    assert.equal(r.bins[0].observedRate, 0.5);
    assert.ok(Math.abs(r.bins[1].meanPredicted - 0.85) < 1e-12);
    assert.equal(r.bins[1].meanTruth, 0.7);
    // ECE = ½·|0.1 − 0.5| + ½·|0.85 − 1| = 0.275.
    assert.ok(Math.abs(r.ece - 0.275) < 1e-12);
    assert.ok(Math.abs(r.predictedOverObserved - 1.9 / 3) < 1e-12);
    const ll = -(Math.log(0.9) + Math.log(0.1) + Math.log(0.9) + Math.log(0.8)) / 4;
    assert.ok(Math.abs(r.logLoss - ll) < 1e-12);
  });

  it('rejects bad input naming field and index', () => {
    assert.throws(
      () => calibrationReport([0.1, 1.2], [0, 1]),
      (e: unknown) => e instanceof PinlabInputError && e.field === 'predictions' && e.index === 1,
    );
    assert.throws(
      () => calibrationReport([0.1, 0.2], [0, 2]),
      (e: unknown) => e instanceof PinlabInputError && e.field === 'labels' && e.index === 1,
    );
  });
});

describe('IsotonicCalibrator', () => {
  it('pools adjacent violators (hand-worked example)', () => {
    const c = IsotonicCalibrator.fit([1, 2, 3, 4], [1, 0, 1, 1]);
    // Blocks {1, 2} → ½ and {3, 4} → 1; knots at each block's ends.
    assert.deepEqual(Array.from(c.x), [1, 2, 3, 4]);
    assert.deepEqual(Array.from(c.y), [0.5, 0.5, 1, 1]);
    assert.equal(c.apply(0), 0.5);
    assert.equal(c.apply(2), 0.5);
    assert.equal(c.apply(2.5), 0.75);
    assert.equal(c.apply(9), 1);
  });

  it('is monotone and never fits worse than the best constant (itself monotone)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.boolean()), { minLength: 1, maxLength: 40 }),
        (rows) => {
          const s = rows.map((r) => r[0]);
          const y = rows.map((r): number => (r[1] ? 1 : 0));
          const c = IsotonicCalibrator.fit(s, y);
          for (let k = 1; k < c.y.length; k++) if (!(c.y[k] >= c.y[k - 1] && c.x[k] > c.x[k - 1])) return false;
          const sse = (f: (v: number) => number) => s.reduce((acc, v, i) => acc + (f(v) - y[i]) ** 2, 0);
          const fitted = sse((v) => c.apply(v));
          // The constant fit (mean) is monotone, so the isotonic fit can never be worse.
          const mean = y.reduce((a, b) => a + b, 0) / y.length;
          return fitted <= sse(() => mean) + 1e-9;
        },
      ),
    );
  });
});
