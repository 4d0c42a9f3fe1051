import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ImplicitSplit } from '../../data/types';
import { cacheDir } from '../../io/paths';
import { writeFileAtomic } from '../../io/atomic';
import { holdOutValidation } from '../../data/validation-split';
import { PinlabInputError } from '../../errors';
import { Rng } from '../../random/rng';
import { evaluateAllItems } from '../../retrieval/evaluate';
import { readCheckpointMeta } from '../../io/checkpoint';
import {
  GOWALLA_RECIPES,
  gowallaResultFile,
  readGowallaResult,
  type GowallaRecipe,
  type GowallaResult,
} from './recipes';
import { loadKeptState } from '../../train/fit';
import { trainRecommender } from '../../train/train-recommender';

export interface GowallaRunOptions {
  readonly seed: number;
  /** Training budget (wall-clock seconds, evaluation excluded) of trained recipes; a resumed run counts its earlier training. */
  readonly budgetSeconds: number;
  readonly log?: (line: string) => void;
}

/** The per-epoch checkpoint of a trained recipe: `cacheDir()/gowalla/<recipe>-seed<seed>.ckpt`. */
export function gowallaCheckpointFile(recipe: string, seed: number): string {
  return path.join(cacheDir(), 'gowalla', `${recipe}-seed${seed}.ckpt`);
}

function recipeOf(name: string): GowallaRecipe {
  const r = GOWALLA_RECIPES[name];
  if (!r)
    throw new PinlabInputError(
      'recipe',
      `unknown Gowalla recipe '${name}' (known: ${Object.keys(GOWALLA_RECIPES).join(', ')})`,
    );
  return r;
}

/**
 * Why `recipe` cannot run yet (a recipe it builds on has no checkpoint, or the recipe it refits has
 * no recorded kept epoch), or null when it can.
 */
export function gowallaMissingPrerequisite(recipe: string, seed: number): string | null {
  const r = recipeOf(recipe);
  if (r.kind !== 'trained') return null;
  for (const need of r.needs ?? []) {
    const file = gowallaCheckpointFile(need, seed);
    if (!fs.existsSync(file)) return `${recipe} needs ${need}'s checkpoint ${file}: run ${need} first`;
  }
  if (r.refitOf && readGowallaResult(r.refitOf, seed)?.bestEpoch === undefined) {
    return `${recipe} trains for the epochs ${r.refitOf} keeps on validation, and ${r.refitOf} has no recorded result with a kept epoch: run ${r.refitOf} first`;
  }
  return null;
}

/** The epochs a run of `recipe` may train: its `maxEpochs`, or for a refit the epochs its validation run kept. */
function epochCap(recipe: string, seed: number): number {
  const r = recipeOf(recipe);
  if (r.kind !== 'trained') return 0;
  const kept = r.refitOf ? readGowallaResult(r.refitOf, seed)?.bestEpoch : undefined;
  return Math.min(r.maxEpochs, kept ?? r.maxEpochs);
}

/**
 * The recorded result of `recipe` when it already answers a run with this budget, else null: it
 * exists, was recorded at its checkpoint's epoch, and that checkpoint reached the epoch cap, at
 * least `budgetSeconds` of training, or the end of its validation patience. So a longer run's
 * result is reused as it is, and a larger budget continues training from the checkpoint.
 */
function currentResult(recipe: string, seed: number, budgetSeconds: number): GowallaResult | null {
  const r = recipeOf(recipe);
  const recorded = readGowallaResult(recipe, seed);
  if (!recorded || r.kind === 'filter') return recorded;
  const meta = readCheckpointMeta(gowallaCheckpointFile(recipe, seed));
  if (!meta) return null;
  const epoch = meta.epoch as number;
  const cap = epochCap(recipe, seed);
  const best = meta.best as { since: number } | null | undefined;
  const patienceRanOut = r.validation?.patience !== undefined && !!best && best.since >= r.validation.patience;
  // A refit whose validation run has since kept another epoch is stale.
  if (r.refitOf && recorded.epochCap !== cap) return null;
  return recorded.epochs === epoch && (epoch >= cap || (meta.trainSeconds as number) >= budgetSeconds || patienceRanOut)
    ? recorded
    : null;
}

/** Whether the recorded result of `recipe` already answers a run with this budget (see `currentResult`). */
export function gowallaResultIsCurrent(recipe: string, seed: number, budgetSeconds: number): boolean {
  return currentResult(recipe, seed, budgetSeconds) !== null;
}

/**
 * Trains (resuming from the recipe's checkpoint) or fits `recipe` on `split` in this process,
 * evaluates it with the full-ranking protocol, and records the result file that
 * `npm run repro:gowalla` and notebook 06 read. Call `await chooseBackend()` first.
 */
export function runGowallaRecipe(recipe: string, split: ImplicitSplit, o: GowallaRunOptions): GowallaResult {
  const r = recipeOf(recipe);
  const log = o.log ?? (() => {});
  const missing = gowallaMissingPrerequisite(recipe, o.seed);
  if (missing) throw new PinlabInputError('recipe', missing);
  const stateOf = (other: string) => loadKeptState(gowallaCheckpointFile(other, o.seed))!;
  const val = r.validation;
  const held = val ? holdOutValidation(split, val.share, new Rng(o.seed).fork('validation')) : null;
  // A trained model trains without the validation pairs; a filter chooses its settings on them and is
  // then fit on every training pair. The test protocol always excludes every training item.
  const rng = new Rng(o.seed).fork(recipe);
  const ctx =
    r.kind === 'filter'
      ? { split, validation: held?.validation, rng, log, stateOf }
      : { split: held ? held.train : split, rng, log, stateOf };
  let result: GowallaResult;
  if (r.kind === 'filter') {
    const t0 = performance.now();
    const fit = r.build(ctx);
    const selectSeconds = fit.selectSeconds ?? 0;
    const fitSeconds = (performance.now() - t0) / 1000 - selectSeconds;
    const ev = evaluateAllItems(fit.model, split, [10, 20, 50], { blockUsers: 256 });
    fit.model.dispose();
    result = {
      recipe,
      name: r.name,
      epochs: 0,
      trainSeconds: fitSeconds,
      evalSeconds: ev.seconds,
      selectSeconds: fit.selectSeconds,
      validationShare: val?.share,
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
      summary: ev.summary,
      curve: [],
      note: fit.note ?? 'training-free: time = truncated eigendecomposition',
    };
  } else {
    const cap = epochCap(recipe, o.seed);
    const checkpointFile = gowallaCheckpointFile(recipe, o.seed);
    const at = readCheckpointMeta(checkpointFile)?.epoch as number | undefined;
    if (at !== undefined && at > cap) {
      // Only a refit's cap can move below its checkpoint: its validation run kept an earlier epoch.
      log(
        `${recipe}: checkpoint at epoch ${at} is past the ${cap} epochs ${r.refitOf ?? 'its cap'} allows; training from scratch`,
      );
      fs.rmSync(checkpointFile);
    }
    const model = r.build(ctx);
    const t = trainRecommender(model, split, {
      seed: o.seed,
      maxEpochs: cap,
      budgetSeconds: o.budgetSeconds,
      evalEvery: r.evalEvery,
      checkpointFile,
      log,
      validation: held && val ? { split: held.validation, patience: val.patience } : undefined,
    });
    result = {
      recipe,
      name: r.name,
      epochs: t.epochs,
      trainSeconds: t.trainSeconds,
      budgetSeconds: o.budgetSeconds,
      evalSeconds: t.evalSeconds,
      peakRssMiB: t.peakRssMiB,
      summary: t.final,
      epochCap: cap,
      bestEpoch: t.bestEpoch,
      validationShare: val?.share,
      curve: t.curve.map((p) => {
        const s20 = p.summary?.find((s) => s.k === 20);
        return {
          epoch: p.epoch,
          trainSeconds: p.trainSeconds,
          loss: p.loss,
          recall20: s20?.recall,
          ndcg20: s20?.ndcg,
          validationRecall20: p.validation,
        };
      }),
      note: r.refitOf && `all training pairs, for the ${cap} epochs ${r.refitOf} kept on its validation pairs`,
    };
  }
  writeFileAtomic(gowallaResultFile(recipe, o.seed), JSON.stringify(result, null, 1));
  return result;
}

/** The recorded result when it is current for this budget (`gowallaResultIsCurrent`), else `runGowallaRecipe`. */
export function gowallaResult(recipe: string, split: ImplicitSplit, o: GowallaRunOptions): GowallaResult {
  return currentResult(recipe, o.seed, o.budgetSeconds) ?? runGowallaRecipe(recipe, split, o);
}

/** What `runGowallaRecipes` did with one recipe. */
export type GowallaStep =
  | { readonly recipe: string; readonly status: 'unknown' | 'missing'; readonly reason: string }
  | { readonly recipe: string; readonly status: 'recorded' | 'trained'; readonly result: GowallaResult };

export interface GowallaRecipesOptions {
  readonly seed: number;
  /** Training budget of each recipe, in seconds. */
  readonly budgetSeconds: (recipe: string) => number;
  /**
   * Trains `recipe` and returns its recorded result: `runGowallaRecipe` in this process (notebook 06),
   * or a child process per model (`npm run repro:gowalla`, so peak memory is per model).
   */
  readonly train: (recipe: string, budgetSeconds: number) => GowallaResult;
  /** Called after each recipe, before the next starts. */
  readonly onStep?: (step: GowallaStep) => void;
}

/**
 * The Gowalla table's orchestration, shared by `npm run repro:gowalla` and notebook 06: for each
 * recipe in order, skip it when unknown or when a recipe it needs has not run; reuse its recorded
 * result when that already answers the budget (`gowallaResultIsCurrent`); else train it.
 */
export function runGowallaRecipes(recipes: readonly string[], o: GowallaRecipesOptions): GowallaStep[] {
  const steps: GowallaStep[] = [];
  for (const recipe of recipes) {
    const missing = GOWALLA_RECIPES[recipe]
      ? gowallaMissingPrerequisite(recipe, o.seed)
      : `unknown recipe (known: ${Object.keys(GOWALLA_RECIPES).join(', ')})`;
    const budget = o.budgetSeconds(recipe);
    let step: GowallaStep;
    if (missing) step = { recipe, status: GOWALLA_RECIPES[recipe] ? 'missing' : 'unknown', reason: missing };
    else {
      const recorded = currentResult(recipe, o.seed, budget);
      step = recorded
        ? { recipe, status: 'recorded', result: recorded }
        : { recipe, status: 'trained', result: o.train(recipe, budget) };
    }
    steps.push(step);
    o.onStep?.(step);
  }
  return steps;
}
