import type { ImplicitSplit } from '../../data/types';
import { requireInt } from '../../errors';
import { summarizeRanking, rankingMetrics } from '../../metrics/ranking';
import { Bspm, type BspmOptions, type BspmVariant } from '../../models/cf/bspm';
import type { Rng } from '../../random/rng';
import { exactTopK } from '../../retrieval/topk';

/**
 * BSPM's fixed settings in the recipe: the official code's Gowalla command (github.com/jeongwhanchoi/BSPM:
 * `--solver_shr=rk4 --K_s=1 --final_sharpening=True --factor_dim=448`, blur and ideal filter at their
 * one-Euler-step defaults), with GF-CF's recipe's 6 subspace iterations for the eigenvectors.
 */
export const BSPM_SETTINGS = {
  rank: 448,
  sharpenSteps: 1,
  sharpenSolver: 'rk4',
  earlyMerge: true,
  iterations: 6,
} as const satisfies BspmOptions;

/**
 * The grid chosen on validation pairs: the paper's T_s = 2.5 and β = 0.2 (`--T_s=2.5 --idl_beta=0.2`)
 * and their neighbours. Every point costs one combination of the same powers of P̃ (`scoreVariants`).
 */
export const BSPM_GRID: readonly BspmVariant[] = [2, 2.5, 3].flatMap((sharpenTime) =>
  [0.1, 0.2, 0.3].map((idealWeight) => ({ sharpenTime, idealWeight })),
);

export interface BspmChoice {
  readonly chosen: BspmVariant;
  /** Validation Recall@20 / NDCG@20 of every grid point, in grid order. */
  readonly grid: readonly (BspmVariant & { recall20: number; ndcg20: number })[];
  readonly seconds: number;
}

/**
 * Fits BSPM on `validation.train` and scores every `grid` point on `validation.test` (Recall@20 over the
 * users with a held-out pair, or every `everyNth` of them, their training items excluded, as the test
 * protocol); keeps the best
 * Recall@20 (the first on ties). The test pairs are never read.
 */
export function chooseBspm(
  validation: ImplicitSplit,
  rng: Rng,
  options: {
    grid?: readonly BspmVariant[];
    /** Settings over `BSPM_SETTINGS` (e.g. a small rank for a small data set). */
    model?: BspmOptions;
    /** Score only users with id ≡ 0 (mod `everyNth`) (default 1: all): each user costs what a test user does. */
    everyNth?: number;
    log?: (line: string) => void;
    blockUsers?: number;
  } = {},
): BspmChoice {
  const t0 = performance.now();
  const grid = options.grid ?? BSPM_GRID;
  const every = options.everyNth ?? 1;
  requireInt('everyNth', every, 1);
  const [first, ...rest] = grid;
  const model = new Bspm(validation, rng, {
    ...BSPM_SETTINGS,
    ...options.model,
    ...first,
    variants: rest,
    log: options.log,
  });
  const { test: held, numItems } = validation;
  const users = Int32Array.from({ length: validation.numUsers }, (_, u) => u).filter(
    (u) => u % every === 0 && held.offsets[u + 1] > held.offsets[u],
  );
  const K = 20;
  const lists = grid.map(() => new Int32Array(users.length * K));
  const block = options.blockUsers ?? 256;
  const out = new Float32Array(block * numItems);
  for (let start = 0; start < users.length; start += block) {
    const ids = users.subarray(start, Math.min(start + block, users.length));
    const o = out.subarray(0, ids.length * numItems);
    model.scoreVariants(ids, o, (v, scores) => {
      const view = {
        numUsers: validation.numUsers,
        numItems,
        scoreBlock: (_: Int32Array, dst: Float32Array) => dst.set(scores),
      };
      const top = exactTopK(view, K, { exclude: validation.train, users: ids, blockUsers: ids.length });
      lists[v].set(top.items, start * K);
    });
    if ((start / block) % 20 === 0) options.log?.(`BSPM validation: ${start + ids.length} / ${users.length} users`);
  }
  model.dispose();
  const offsets = new Int32Array(users.length + 1);
  users.forEach((u, r) => (offsets[r + 1] = offsets[r] + held.offsets[u + 1] - held.offsets[u]));
  const ids = new Int32Array(offsets[users.length]);
  users.forEach((u, r) => ids.set(held.ids.subarray(held.offsets[u], held.offsets[u + 1]), offsets[r]));
  const scored = grid.map((v, i) => {
    const s = summarizeRanking(rankingMetrics({ items: lists[i], width: K }, { offsets, ids }, [K], numItems))[0];
    return { ...v, recall20: s.recall, ndcg20: s.ndcg };
  });
  const best = scored.reduce((b, s) => (s.recall20 > b.recall20 ? s : b));
  return {
    chosen: { sharpenTime: best.sharpenTime, idealWeight: best.idealWeight },
    grid: scored,
    seconds: (performance.now() - t0) / 1000,
  };
}
