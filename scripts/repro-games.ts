// Amazon Games next-item models against SASRec's published row (Kang & McAuley, ICDM 2018):
//   npm run repro:games -- [--models pop,markov,...] [--budget-minutes 60 | name=N,...] [--seed 1] [--fresh]
// Each model trains in its own child process (so peak memory is per model), with its checkpoint in
// data/cache/amazon-games/; rerunning resumes unfinished models and reuses results recorded with the
// same seed and budget (data/cache/repro_games.json). Each run is recorded in runs/, and from a clean tree
// its models' rows (each with the commit it was trained at) in results/repro-games.json.
// `--dataset NAME` reads another folder in the amazon-games layout (the tests' fixture).
import { AMAZON_GAMES, loadAmazonGames } from '../lib/data/datasets/amazon-games';
import { leaveOneOut } from '../lib/data/leave-one-out-split';
import { GAMES_RECIPES, gamesRecipe } from '../lib/experiments/amazon-games/recipes';
import { mergeGamesRecord } from '../lib/experiments/amazon-games/recorded';
import { readGamesResult, runGamesRecipe, runGamesRecipes } from '../lib/experiments/amazon-games/run';
import { GAMES_SELECTION } from '../lib/experiments/amazon-games/selection';
import { bestGamesResult, gamesBestLine, gamesTable } from '../lib/experiments/amazon-games/table';
import { chooseBackend } from '../lib/tf/backend';
import { cliOptions } from './cli-options';
import {
  budgetSeconds as budgetsOf,
  commandLine,
  recordedDefaults,
  reproOptions,
  runChild,
  runChildrenTogether,
} from './repro-cli';
import { gitState, RunRecorder } from './run-record';

const ALL = GAMES_RECIPES.map((r) => r.name).join(',');
const OPTIONS = {
  ...reproOptions(ALL, 'one seed for the evaluation draws, initialisations and negatives'),
  dataset: { default: AMAZON_GAMES, help: 'a folder in the amazon-games layout under the data directory' },
};
const options = cliOptions(OPTIONS, 'npm run repro:games -- [options]');
const { seed, dataset } = options;
const log = (l: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${l}`);

function load() {
  const g = loadAmazonGames(dataset);
  return g.data ? { split: leaveOneOut(g.data) } : { split: null, reason: g.reason };
}

/** Child mode (`--only NAME`): trains and records one model. */
async function runOne(recipe: string, budgetSeconds: number): Promise<void> {
  await chooseBackend({ log });
  const { split, reason } = load();
  if (!split) throw new Error(reason);
  // Only a clean tree's commit names the code that trained the model (results/ keeps only such rows).
  const git = gitState();
  const commit = git.dirty === false ? git.commit : null;
  const r = await runGamesRecipe(recipe, split, { dataset, seed, budgetSeconds, commit, log });
  log(
    `${recipe}: ${r.epochs} epochs, ${r.trainMinutes.toFixed(2)} training minutes, peak ${Math.round(r.peakRssMiB)} MiB`,
  );
}

/** A child's command line: train and record `model` under `budget` seconds. */
const childArgs = (model: string, budget: number) => [
  ...['--only', model, '--seed', String(seed), '--budget-minutes', String(budget / 60)],
  ...['--dataset', dataset],
];

async function main(): Promise<void> {
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`--seed must be a non-negative integer, got ${seed}`);
  const budgetArg = options['budget-minutes'];
  const budgetSeconds = budgetsOf(budgetArg, 60);
  const { only, fresh } = options;
  if (only) return runOne(only, budgetSeconds(only));
  const models = options.models.split(',');
  models.forEach(gamesRecipe);
  const { split, reason } = load();
  if (!split) {
    console.log(`skipped: ${reason}`);
    return;
  }
  const params = { models: models.join(','), budget_minutes: budgetArg, seed, fresh, dataset };
  const recorder = new RunRecorder({
    id: 'repro-games',
    params,
    defaults: recordedDefaults(OPTIONS),
    command: commandLine('repro:games'),
  });
  let steps;
  try {
    steps = await runGamesRecipes(models, {
      dataset,
      seed,
      fresh,
      budgetSeconds,
      train: async (m, budget) => {
        runChild(__filename, m, childArgs(m, budget));
        const result = readGamesResult(m, dataset, seed);
        if (!result) throw new Error(`${m} finished without recording its result`);
        return result;
      },
      // A blend's members train side by side, the cores shared out between them.
      trainTogether: (ms, budget) =>
        runChildrenTogether(
          __filename,
          ms.map((m) => ({ model: m, args: childArgs(m, budget(m)) })),
        ),
    });
  } catch (e) {
    recorder.finish({ error: (e as Error).message });
    throw e;
  }
  const results = steps.map((s) => s.result);
  console.table(gamesTable(results));
  console.log(
    `Protocol: leave-one-out, ${results[0].test.users} users with >= 3 interactions; (s) = target among ` +
      `${results[0].test.sampled.negatives} sampled items not in the user's training items (seed ${seed}), ` +
      `full = among all items but the user's training items; ties count half.`,
  );
  const reused = steps.filter((s) => s.status === 'recorded').map((s) => s.recipe);
  if (reused.length > 0) console.log(`reused recorded results (same seed and budget): ${reused.join(', ')}`);
  const metric = (r: (typeof results)[number], stage: 'validation' | 'test', p: 'sampled' | 'full', m: 'hr' | 'ndcg') =>
    [`${r.recipe}_${stage === 'validation' ? 'valid' : 'test'}_${p}_${m}10`, r[stage][p][m]] as const;
  recorder.finish({
    tfBackend: await chooseBackend({ log: () => undefined }),
    metrics: Object.fromEntries(
      results.flatMap((r) => [
        ...(['validation', 'test'] as const).flatMap((st) =>
          (['sampled', 'full'] as const).flatMap((p) => [metric(r, st, p, 'hr'), metric(r, st, p, 'ndcg')]),
        ),
        [`${r.recipe}_epochs`, r.epochs],
        [`${r.recipe}_train_minutes`, r.trainMinutes],
        [`${r.recipe}_peak_mib`, r.peakRssMiB],
      ]),
    ),
    details: { reused, results },
  });
  // Each row that names the commit it was trained at replaces its model's row in results/ (stamped with
  // that commit); the other models keep theirs. A fixture run never writes there.
  const why =
    dataset !== AMAZON_GAMES
      ? 'not saved to results/: not the real data set'
      : results.some((r) => r.commit)
        ? recorder.saveResult(undefined, mergeGamesRecord)
        : 'not saved to results/: no row names the commit it was trained at';
  console.log(`run record: ${recorder.dir}${why ? ` (${why})` : ' (and results/repro-games.json)'}`);
  const best = bestGamesResult(results)!;
  console.log(`Best model chosen by ${GAMES_SELECTION.label}: ${best.recipe}; its test metrics follow.`);
  console.log(gamesBestLine(best));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
