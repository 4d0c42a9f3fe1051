import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plateauDecay } from '../../../lib/models/gnn/link-model';
import { PinlabInputError } from '../../../lib/errors';

test('lrDecay multiplies the learning rate after `patience` evaluations without a better AUC, down to min', () => {
  const opt = { lr: 0.01 };
  const seen = (aucs: number[]) => {
    const step = plateauDecay(opt, 0.01, { factor: 0.5, patience: 2, min: 0.002 });
    return aucs.map((a) => (step(a), opt.lr));
  };
  // 0.80 best; 0.79, 0.80 (not better) → halve; 0.81 better; then 2 flat → halve; 2 flat → halve, capped at min.
  assert.deepEqual(
    seen([0.8, 0.79, 0.8, 0.81, 0.7, 0.7, 0.7, 0.7]),
    [0.01, 0.01, 0.005, 0.005, 0.005, 0.0025, 0.0025, 0.002],
  );
});

test('lrDecay rejects a factor outside (0, 1) and a patience below 1, naming the field', () => {
  const opt = { lr: 0.01 };
  for (const [bad, field] of [
    [{ factor: 1, patience: 2 }, 'lrDecay.factor'],
    [{ factor: -0.5, patience: 2 }, 'lrDecay.factor'],
    [{ factor: 0.5, patience: 0 }, 'lrDecay.patience'],
  ] as const)
    assert.throws(
      () => plateauDecay(opt, 0.01, bad),
      (e: unknown) => e instanceof PinlabInputError && e.field === field,
    );
});
