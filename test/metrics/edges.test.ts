import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PinlabInputError } from '../../lib/errors';
import { calibrationReport } from '../../lib/metrics/calibration';
import { rankingMetrics } from '../../lib/metrics/ranking';
import { bootstrapCI } from '../../lib/metrics/ranking-bootstrap';
import { Rng } from '../../lib/random/rng';

/** Asserts a PinlabInputError for `field` (and `index` when given) whose message matches `reason`. */
function throwsInput(fn: () => unknown, field: string, reason: RegExp, index?: number): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof PinlabInputError, `expected PinlabInputError, got ${String(e)}`);
    assert.equal(e.field, field);
    assert.equal(e.index, index);
    assert.match(e.message, reason);
    return true;
  });
}

test('bootstrapCI: zero denominators are a typed error, never an infinite or NaN bound', () => {
  const values = Float64Array.from({ length: 10 }, (_, i) => (i === 0 ? 1 : 0));
  throwsInput(() => bootstrapCI(values, new Rng(1), { denominators: new Float64Array(10) }), 'denominators', /sum to 0/);
  // One nonzero denominator among ten: about a third of resamples miss it, so their ratio is undefined.
  const one = Float64Array.from({ length: 10 }, (_, i) => (i === 0 ? 1 : 0));
  throwsInput(() => bootstrapCI(values, new Rng(1), { denominators: one }), 'denominators', /drew only zero denominators: 1 of 10/);
  // Zeros with enough nonzero denominators are fine: a ratio with finite bounds.
  const den = Float64Array.from({ length: 200 }, (_, i) => (i % 2 ? 0 : 1));
  const num = Float64Array.from({ length: 200 }, (_, i) => (i % 4 === 0 ? 1 : 0));
  const ci = bootstrapCI(num, new Rng(1), { denominators: den, resamples: 300 });
  assert.equal(ci.estimate, 0.5);
  assert.ok(Number.isFinite(ci.lower) && Number.isFinite(ci.upper) && ci.lower < 0.5 && ci.upper > 0.5, JSON.stringify(ci));
  throwsInput(() => bootstrapCI(Float64Array.of(1e308, 1e308), new Rng(1)), 'values', /overflows/);
});

test('ranking metrics: NaN or fractional ids and offsets in plain arrays are rejected, not counted as positives', () => {
  const lists = { items: Int32Array.of(0, 1), width: 2 };
  const plain = (ids: number[], offsets = [0, ids.length]) => ({ offsets, ids }) as unknown as { offsets: Int32Array; ids: Int32Array };
  assert.deepEqual(Array.from(rankingMetrics(lists, plain([0, 1]), [2], 3).atK[0].recall), [1]);
  throwsInput(() => rankingMetrics(lists, plain([0, Number.NaN]), [2], 3), 'positives.ids', /got NaN/, 1);
  throwsInput(() => rankingMetrics(lists, plain([1.5, 0]), [2], 3), 'positives.ids', /got 1\.5/, 0);
  throwsInput(() => rankingMetrics(lists, plain([0, 1], [0, Number.NaN]), [2], 3), 'positives.offsets', /start at 0 and end/);
  throwsInput(() => rankingMetrics({ items: Int32Array.of(0, 1, 1, 2), width: 2 }, plain([0, 1], [0, 0.5, 2]), [2], 3), 'positives.offsets', /integers, got 0\.5/, 1);
});

test("calibrationReport: NaN or out-of-range truth is rejected; empty bins' NaN means are documented", () => {
  throwsInput(() => calibrationReport([0.1, 0.9], [0, 1], 2, [0.2, Number.NaN]), 'truth', /probability/, 1);
  throwsInput(() => calibrationReport([0.1, 0.9], [0, 1], 2, [1.5, 0.2]), 'truth', /probability/, 0);
  const r = calibrationReport([0.1, 0.2], [0, 0], 2, [0.1, 0.3]);
  assert.ok(Number.isNaN(r.bins[1].meanPredicted) && Number.isNaN(r.bins[1].observedRate) && Number.isNaN(r.bins[1].meanTruth));
  assert.ok(Math.abs(r.bins[0].meanTruth - 0.2) < 1e-15);
  assert.ok(Number.isNaN(r.predictedOverObserved), 'no positive label: Σ p / Σ y is NaN, as documented');
  assert.ok(Number.isNaN(calibrationReport([0.1], [1], 1).bins[0].meanTruth), 'no truth column');
});
