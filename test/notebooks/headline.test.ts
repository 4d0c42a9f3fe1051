import { test } from 'node:test';
import assert from 'node:assert/strict';
import { headlineOf, headlineProblems, missedTargets, notebookIds } from '../support/headline';

test('every notebook declares well-formed headline metrics (metadata.pinlab.headline)', () => {
  const problems = notebookIds().flatMap((id) => headlineProblems(headlineOf(id)).map((p) => `${id}: ${p}`));
  assert.deepEqual(problems, []);
});

test('headline checks: targets met, missed, and metrics not recorded', () => {
  const headline = [{ metric: 'gap', label: 'gap', max: 0.03 }, { metric: 'auc', label: 'AUC', min: 0.8 }, { metric: 'n', label: 'n' }];
  assert.deepEqual(missedTargets(headline, { gap: 0.03, auc: 0.8, n: 5 }), []);
  assert.deepEqual(missedTargets(headline, { gap: 0.031, auc: 0.79, n: NaN }), [
    'gap (gap) = 0.031, above its target 0.03', 'auc (AUC) = 0.79, below its target 0.8', 'n (n): not recorded as a number (null)',
  ]);
  assert.deepEqual(headlineProblems([{ metric: 'Bad Name', label: '', min: 2, max: 1 }]), [
    'entry 0: metric must be a snake_case name, got "Bad Name"', 'entry 0: label must be a non-empty string', 'entry 0: min 2 > max 1',
  ]);
  assert.deepEqual(headlineProblems([]), ['no headline metrics declared']);
});
