import { test } from 'node:test';
import assert from 'node:assert/strict';
import { throwsInput } from '../support/throws-input';
import { calibrationReport } from '../../lib/metrics/calibration';
import { rankingMetrics } from '../../lib/metrics/ranking';

test('ranking metrics: NaN or fractional ids and offsets in plain arrays are rejected, not counted as positives', () => {
  const lists = { items: Int32Array.of(0, 1), width: 2 };
  const plain = (ids: number[], offsets = [0, ids.length]) =>
    ({ offsets, ids }) as unknown as { offsets: Int32Array; ids: Int32Array };
  assert.deepEqual(Array.from(rankingMetrics(lists, plain([0, 1]), [2], 3).atK[0].recall), [1]);
  throwsInput(() => rankingMetrics(lists, plain([0, Number.NaN]), [2], 3), 'positives.ids', /got NaN/, 1);
  throwsInput(() => rankingMetrics(lists, plain([1.5, 0]), [2], 3), 'positives.ids', /got 1\.5/, 0);
  throwsInput(
    () => rankingMetrics(lists, plain([0, 1], [0, Number.NaN]), [2], 3),
    'positives.offsets',
    /start at 0 and end/,
  );
  throwsInput(
    () => rankingMetrics({ items: Int32Array.of(0, 1, 1, 2), width: 2 }, plain([0, 1], [0, 0.5, 2]), [2], 3),
    'positives.offsets',
    /integers, got 0\.5/,
    1,
  );
});

test("calibrationReport: NaN or out-of-range truth is rejected; empty bins' NaN means are documented", () => {
  throwsInput(() => calibrationReport([0.1, 0.9], [0, 1], 2, [0.2, Number.NaN]), 'truth', /probability/, 1);
  throwsInput(() => calibrationReport([0.1, 0.9], [0, 1], 2, [1.5, 0.2]), 'truth', /probability/, 0);
  const r = calibrationReport([0.1, 0.2], [0, 0], 2, [0.1, 0.3]);
  assert.ok(
    Number.isNaN(r.bins[1].meanPredicted) && Number.isNaN(r.bins[1].observedRate) && Number.isNaN(r.bins[1].meanTruth),
  );
  assert.ok(Math.abs(r.bins[0].meanTruth - 0.2) < 1e-15);
  assert.ok(Number.isNaN(r.predictedOverObserved), 'no positive label: Σ p / Σ y is NaN, as documented');
  assert.ok(Number.isNaN(calibrationReport([0.1], [1], 1).bins[0].meanTruth), 'no truth column');
});
