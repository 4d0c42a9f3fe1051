import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LeaveOneOutSplit } from '../../data/types';
import { PinlabInputError } from '../../errors';
import { writeFileAtomic } from '../../io/atomic';
import { cacheDir } from '../../io/paths';
import { evaluateNextItem, type NextItemMetrics, type NextItemScorer } from '../../metrics/next-item';
import type { GamesMember } from './recipe';
import { gamesRecipe } from './recipes';

/** What `npm run repro:games` records for one model (data/cache/repro_games.json). */
export interface GamesResult {
  readonly recipe: string;
  readonly describe: string;
  /** The data-set folder it ran on (`amazon-games`, or a test fixture's). */
  readonly dataset: string;
  /** Seeds the recipe and the sampled negatives of both stages. */
  readonly seed: number;
  readonly budgetSeconds: number;
  readonly epochs: number;
  readonly trainMinutes: number;
  /** Both stages' evaluation, in minutes (outside the training budget). */
  readonly evalMinutes: number;
  /** The child process's peak resident memory (`process.resourceUsage().maxRSS`), MiB. */
  readonly peakRssMiB: number;
  readonly validation: NextItemMetrics;
  readonly test: NextItemMetrics;
  /** A combined recipe's members, as trained (their own rows hold their metrics). */
  readonly members?: readonly GamesMember[];
  /** What the recipe chose on validation, in words. */
  readonly chosen?: string;
  readonly commit: string | null;
  /** When the result was recorded (ISO, UTC). */
  readonly date: string;
}

const dir = () => path.join(cacheDir(), 'amazon-games');

/** fit()'s checkpoint of a trained recipe: `data/cache/amazon-games/<recipe>-seed<seed>.ckpt`. */
export function gamesCheckpointFile(recipe: string, seed: number): string {
  return path.join(dir(), `${recipe}-seed${seed}.ckpt`);
}

/** The record of every model run: `data/cache/repro_games.json`. */
export function gamesRecordFile(): string {
  return path.join(cacheDir(), 'repro_games.json');
}

/** Every recorded result; a record that cannot be read is reported and treated as empty (it is rewritten). */
export function readGamesResults(log: (line: string) => void = () => {}): GamesResult[] {
  const file = gamesRecordFile();
  if (!fs.existsSync(file)) return [];
  try {
    const results = (JSON.parse(fs.readFileSync(file, 'utf8')) as { results?: unknown }).results;
    if (!Array.isArray(results)) throw new Error('no results array');
    return results.filter((r): r is GamesResult => typeof r?.recipe === 'string' && typeof r?.seed === 'number');
  } catch (e) {
    log(`${file} cannot be read (${(e as Error).message}): starting a new record`);
    return [];
  }
}

/** The recorded result of `recipe` on `dataset` for `seed`, or null. */
export function readGamesResult(recipe: string, dataset: string, seed: number): GamesResult | null {
  return readGamesResults().find((r) => r.recipe === recipe && r.dataset === dataset && r.seed === seed) ?? null;
}

/** Replaces (or adds) `result`'s entry in the record, atomically. */
function record(result: GamesResult): void {
  const others = readGamesResults().filter(
    (r) => !(r.recipe === result.recipe && r.dataset === result.dataset && r.seed === result.seed),
  );
  writeFileAtomic(gamesRecordFile(), `${JSON.stringify({ results: [...others, result] }, null, 1)}\n`);
}

/** Removes `recipe`'s checkpoint and recorded result for `seed` (`--fresh`). */
export function forgetGamesRecipe(recipe: string, dataset: string, seed: number): void {
  fs.rmSync(gamesCheckpointFile(recipe, seed), { force: true });
  const all = readGamesResults();
  const kept = all.filter((r) => !(r.recipe === recipe && r.dataset === dataset && r.seed === seed));
  if (kept.length !== all.length) writeFileAtomic(gamesRecordFile(), `${JSON.stringify({ results: kept }, null, 1)}\n`);
}

export interface GamesRunOptions {
  readonly dataset: string;
  readonly seed: number;
  readonly budgetSeconds: number;
  /** The commit the code runs at (recorded with the result), null when unknown. */
  readonly commit: string | null;
  readonly log?: (line: string) => void;
  /** Histories per scoreAll call in evaluation (default 256). */
  readonly batchSize?: number;
}

/**
 * Trains `recipe` on `split` in this process (resuming from its checkpoint), evaluates it on both
 * stages and both protocols (validation = training history → validation item, the only input to model
 * selection; test = training + validation history → test item), and records the result. Call
 * `await chooseBackend()` first when the recipe uses tf.
 */
export async function runGamesRecipe(
  recipe: string,
  split: LeaveOneOutSplit,
  o: GamesRunOptions,
): Promise<GamesResult> {
  const r = gamesRecipe(recipe);
  const log = o.log ?? (() => {});
  if (!(o.budgetSeconds > 0)) throw new PinlabInputError('budgetSeconds', `must be positive, got ${o.budgetSeconds}`);
  const evaluate = (scorer: NextItemScorer, stage: 'valid' | 'test') =>
    evaluateNextItem(scorer, split, { stage, seed: o.seed, batchSize: o.batchSize });
  fs.mkdirSync(dir(), { recursive: true });
  const trained = await r.train(split, {
    seed: o.seed,
    budgetSeconds: o.budgetSeconds,
    checkpointFile: gamesCheckpointFile(recipe, o.seed),
    validate: (scorer) => evaluate(scorer, 'valid'),
    log,
    member: (name) => {
      const r = readGamesResult(name, o.dataset, o.seed);
      if (!r) {
        throw new PinlabInputError(
          'models',
          `${recipe} combines ${name}, which has no recorded run with seed ${o.seed}: train it first (npm run repro:games -- --models ${name},${recipe})`,
        );
      }
      return { checkpointFile: gamesCheckpointFile(name, o.seed), budgetSeconds: r.budgetSeconds };
    },
  });
  const t0 = performance.now();
  const validation = trained.validation ?? (await evaluate(trained.scorer, 'valid'));
  const test = await evaluate(trained.scorer, 'test');
  const result: GamesResult = {
    recipe,
    describe: r.describe,
    dataset: o.dataset,
    seed: o.seed,
    budgetSeconds: o.budgetSeconds,
    epochs: trained.epochs,
    trainMinutes: trained.trainSeconds / 60,
    evalMinutes: (performance.now() - t0) / 60000,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    validation,
    test,
    ...(trained.members ? { members: trained.members } : {}),
    ...(trained.chosen ? { chosen: trained.chosen } : {}),
    commit: o.commit,
    date: new Date().toISOString(),
  };
  record(result);
  return result;
}

/** What `runGamesRecipes` did with one recipe. */
export interface GamesStep {
  readonly recipe: string;
  readonly status: 'recorded' | 'trained';
  readonly result: GamesResult;
}

/**
 * The orchestration shared by `npm run repro:games` and notebooks: for each recipe in order, reuse its
 * recorded result when it ran on this data set and seed with this budget, else train it with `train`
 * (in this process, or a child process per model so peak memory is per model). A recipe that combines
 * others (`members`) has them trained first when they lack such a result: all together through
 * `trainTogether` when given (side by side, one core each), else one after another; the steps list
 * them before it. `fresh` forgets every listed recipe's checkpoint and result first, and its members'.
 */
export async function runGamesRecipes(
  recipes: readonly string[],
  o: {
    readonly dataset: string;
    readonly seed: number;
    readonly budgetSeconds: (recipe: string) => number;
    readonly fresh?: boolean;
    readonly train: (recipe: string, budgetSeconds: number) => Promise<GamesResult>;
    readonly trainTogether?: (recipes: readonly string[], budgetSeconds: (recipe: string) => number) => Promise<void>;
  },
): Promise<GamesStep[]> {
  const members = (recipe: string) => gamesRecipe(recipe).members ?? [];
  recipes.forEach(gamesRecipe);
  const all = new Set(recipes.flatMap((r) => [...members(r), r]));
  if (o.fresh) for (const recipe of all) forgetGamesRecipe(recipe, o.dataset, o.seed);
  const current = (recipe: string) => {
    const recorded = readGamesResult(recipe, o.dataset, o.seed);
    return recorded?.budgetSeconds === o.budgetSeconds(recipe) ? recorded : null;
  };
  const trainedHere = new Set<string>();
  const steps: GamesStep[] = [];
  // Every recipe after its members, each once.
  for (const recipe of all) {
    const missing = members(recipe).filter((m) => !current(m));
    if (missing.length > 0 && o.trainTogether) await o.trainTogether(missing, o.budgetSeconds);
    else for (const m of missing) await o.train(m, o.budgetSeconds(m));
    missing.forEach((m) => trainedHere.add(m));
    const recorded = current(recipe);
    steps.push(
      recorded
        ? { recipe, status: trainedHere.has(recipe) ? 'trained' : 'recorded', result: recorded }
        : { recipe, status: 'trained', result: await o.train(recipe, o.budgetSeconds(recipe)) },
    );
  }
  return steps;
}
