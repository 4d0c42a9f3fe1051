import type { DataFrame } from 'danfojs-node';
import { PinlabInputError } from '../errors';
import { danfo } from '../data/world/frames';
import type { BootstrapInterval } from '../stats/bootstrap';
import type { AllItemsEvaluation } from './evaluate';

/** One model of a full-ranking comparison: its evaluation, Recall@K intervals and pair AUC. */
export interface ComparedModel {
  readonly name: string;
  readonly evaluation: AllItemsEvaluation;
  /** The Recall@K bootstrap interval at each K of the comparison. */
  readonly recallInterval: (k: number) => BootstrapInterval;
  readonly testAuc: number;
  readonly trainSeconds: number;
}

/**
 * One row per model: Recall@K with its 95 % interval and NDCG@K at each of `ks`, test AUC and
 * training seconds, and, by danfojs column arithmetic, each model's Recall@`relativeTo.k` as a
 * multiple of `relativeTo.model`'s (the models a notebook compares are few: a handful of rows).
 */
export function modelComparisonFrame(
  models: readonly ComparedModel[],
  ks: readonly number[],
  relativeTo?: { readonly model: string; readonly k: number },
): DataFrame {
  if (models.length === 0) throw new PinlabInputError('models', 'is empty');
  const at = (m: ComparedModel, k: number) => {
    const s = m.evaluation.summary.find((x) => x.k === k);
    if (!s) throw new PinlabInputError('ks', `${k} was not evaluated for ${m.name}`);
    return s;
  };
  const df = new (danfo().DataFrame)(
    models.map((m) => ({
      model: m.name,
      ...Object.fromEntries(
        ks.flatMap((k) => {
          const ci = m.recallInterval(k);
          return [
            [`Recall@${k}`, at(m, k).recall],
            [`Recall@${k} 95% CI`, `[${ci.lower.toFixed(4)}, ${ci.upper.toFixed(4)}]`],
            [`NDCG@${k}`, at(m, k).ndcg],
          ];
        }),
      ),
      'test AUC': m.testAuc,
      'train s': m.trainSeconds,
    })),
  );
  if (relativeTo) {
    const base = models.findIndex((m) => m.name === relativeTo.model);
    if (base < 0) throw new PinlabInputError('relativeTo.model', `${relativeTo.model} is not among the models`);
    if (!ks.includes(relativeTo.k)) throw new PinlabInputError('relativeTo.k', `${relativeTo.k} is not among ks`);
    const recall = df.column(`Recall@${relativeTo.k}`);
    df.addColumn(`Recall@${relativeTo.k} × ${relativeTo.model}`, recall.div(recall.iat(base) as number), {
      inplace: true,
    });
  }
  return df;
}
