/**
 * How `fit`'s early stopping reads evaluations: whether one becomes the kept state (`keep`) and
 * whether it counts as progress (resets the patience count). `best` is what it compares against,
 * saved in checkpoints and given back by `resume`.
 */
export interface Monitor<E> {
  observe(evaluation: E): { keep: boolean; progress: boolean };
  readonly best: unknown;
  resume(best: unknown): void;
}

/** Keeps, and counts as progress, an evaluation whose `score` is strictly above every earlier one. */
export function maximize<E>(score: (evaluation: E) => number): Monitor<E> {
  let best = -Infinity;
  return {
    observe(e) {
      const v = score(e);
      const better = v > best;
      if (better) best = v;
      return { keep: better, progress: better };
    },
    get best() {
      return best;
    },
    resume(b) {
      best = b as number;
    },
  };
}

/**
 * The GAT paper's rule (Veličković et al. 2018): progress while validation accuracy or loss reaches
 * its best so far (each tracked on its own); the kept state is the best accuracy, ties to lower loss.
 */
export function accuracyOrLoss<E>(accuracy: (e: E) => number, loss: (e: E) => number): Monitor<E> {
  let bestAcc = -Infinity;
  let bestLoss = Infinity;
  return {
    observe(e) {
      const acc = accuracy(e);
      const l = loss(e);
      const keep = acc > bestAcc || (acc === bestAcc && l < bestLoss);
      const progress = acc >= bestAcc || l <= bestLoss;
      if (progress) {
        bestAcc = Math.max(bestAcc, acc);
        bestLoss = Math.min(bestLoss, l);
      }
      return { keep, progress };
    },
    get best() {
      return [bestAcc, bestLoss];
    },
    resume(b) {
      [bestAcc, bestLoss] = b as [number, number];
    },
  };
}
