import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PinlabInputError } from '../../lib/errors';
import { modelComparisonFrame, type AllItemsEvaluation, type ComparedModel } from '../../lib/retrieval';

/** A model whose Recall@K is `recall[K]` (NDCG half of it), with the interval ± 0.01. */
function model(name: string, recall: Record<number, number>, auc: number): ComparedModel {
  const evaluation = {
    summary: Object.entries(recall).map(([k, r]) => ({ k: Number(k), recall: r, ndcg: r / 2 })),
  } as unknown as AllItemsEvaluation;
  const recallInterval = (k: number) => ({
    estimate: recall[k],
    lower: recall[k] - 0.01,
    upper: recall[k] + 0.01,
    level: 0.95,
    resamples: 10,
  });
  return { name, evaluation, recallInterval, testAuc: auc, trainSeconds: 2 };
}

const models = [model('MF-BPR', { 10: 0.1, 20: 0.2 }, 0.8), model('PinSage', { 10: 0.15, 20: 0.3 }, 0.85)];

describe('modelComparisonFrame', () => {
  it('has one row per model with Recall@K, its interval and NDCG@K at each K', () => {
    const df = modelComparisonFrame(models, [10, 20]);
    assert.deepEqual(df.columns, [
      'model',
      'Recall@10',
      'Recall@10 95% CI',
      'NDCG@10',
      'Recall@20',
      'Recall@20 95% CI',
      'NDCG@20',
      'test AUC',
      'train s',
    ]);
    assert.deepEqual(df.values[1], [
      'PinSage',
      0.15,
      '[0.1400, 0.1600]',
      0.075,
      0.3,
      '[0.2900, 0.3100]',
      0.15,
      0.85,
      2,
    ]);
  });

  it("adds each model's recall as a multiple of a baseline's, computed by danfojs", () => {
    const df = modelComparisonFrame(models, [10, 20], { model: 'MF-BPR', k: 20 });
    const ratio = df.column('Recall@20 × MF-BPR').values as number[];
    assert.equal(ratio[0], 1);
    assert.ok(Math.abs(ratio[1] - 1.5) < 1e-12, String(ratio[1]));
  });

  it('names what is missing: no models, an unevaluated K, an unknown baseline', () => {
    const field = (f: string) => (e: unknown) => e instanceof PinlabInputError && e.field === f;
    assert.throws(() => modelComparisonFrame([], [10]), field('models'));
    assert.throws(() => modelComparisonFrame(models, [50]), field('ks'));
    assert.throws(() => modelComparisonFrame(models, [10], { model: 'GAT', k: 10 }), field('relativeTo.model'));
    assert.throws(() => modelComparisonFrame(models, [10], { model: 'MF-BPR', k: 20 }), field('relativeTo.k'));
  });
});
