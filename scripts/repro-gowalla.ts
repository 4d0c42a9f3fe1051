// Reproduces the Gowalla table (NGCF / LightGCN protocol) on this machine:
//   npm run repro:gowalla -- [--models mf,gfcf,bspm,lightgcn,lightgcn-ssm,mf-heldout,pinsage,mf-refit,pinsage-refit] [--budget-minutes 60 | mf=10,pinsage=30] [--seed 1] [--fresh]
// Each model trains in its own child process (so peak memory is per model), with its checkpoint in
// data/cache/gowalla/; rerunning resumes unfinished models and reuses finished ones. Each run is
// recorded in runs/; from a clean tree, the rows of the models it trained also go to
// results/repro-gowalla.json, each stamped with its run (notebook 06 shows "recorded at <commit>, <date>").
import * as fs from 'node:fs';
import { loadGowalla } from '../lib/data/datasets/gowalla';
import {
  GOWALLA_RECIPES,
  gowallaResultFile,
  readGowallaResult,
  type GowallaResult,
} from '../lib/experiments/gowalla/recipes';
import { gowallaCheckpointFile, runGowallaRecipe, runGowallaRecipes } from '../lib/experiments/gowalla/run';
import { mergeGowallaRecord } from '../lib/experiments/gowalla/recorded';
import { gowallaTable } from '../lib/experiments/gowalla/table';
import { chooseBackend } from '../lib/tf/backend';
import { cliOptions } from './cli-options';
import { budgetSeconds as budgetsOf, commandLine, recordedDefaults, reproOptions, runChild } from './repro-cli';
import { RunRecorder } from './run-record';

const ALL_MODELS = 'mf,gfcf,bspm,lightgcn,lightgcn-ssm,mf-heldout,pinsage,mf-refit,pinsage-refit';
const OPTIONS = reproOptions(ALL_MODELS, 'one seed for initialisations and negatives');
const options = cliOptions(OPTIONS, 'npm run repro:gowalla -- [options]');
const { seed, fresh } = options;

async function runOne(recipeName: string, budgetSeconds: number): Promise<void> {
  const log = (l: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${l}`);
  await chooseBackend({ log });
  const g = loadGowalla();
  if (!g.split) throw new Error(g.reason);
  runGowallaRecipe(recipeName, g.split, { seed, budgetSeconds, log });
}

function printTable(results: GowallaResult[]): void {
  console.table(gowallaTable(results));
  console.log(
    "Protocol: all items not in the user's training set ranked for each of the 29 858 test users; metrics averaged over users.",
  );
  for (const r of results) if (r.note) console.log(`${r.name}: ${r.note}`);
}

async function main(): Promise<void> {
  const { only } = options;
  const budgetArg = options['budget-minutes'];
  const budgetSeconds = budgetsOf(budgetArg, 60);
  if (only) return runOne(only, budgetSeconds(only));
  const g = loadGowalla();
  if (!g.split) {
    console.log(`skipped: ${g.reason}`);
    return;
  }
  const models = options.models.split(',');
  for (const m of models)
    if (!GOWALLA_RECIPES[m])
      throw new Error(`unknown model '${m}' (known: ${Object.keys(GOWALLA_RECIPES).join(', ')})`);
  const params = { models: models.join(','), budget_minutes: budgetArg, seed, fresh };
  const recorder = new RunRecorder({
    id: 'repro-gowalla',
    params,
    defaults: recordedDefaults(OPTIONS),
    command: commandLine('repro:gowalla'),
  });
  let done: GowallaResult[] = [];
  let trainedHere: string[] = [];
  try {
    if (fresh)
      for (const m of models)
        for (const f of [gowallaCheckpointFile(m, seed), gowallaResultFile(m, seed)]) fs.rmSync(f, { force: true });
    const steps = runGowallaRecipes(models, {
      seed,
      budgetSeconds,
      train: (m, budget) => {
        runChild(__filename, m, ['--only', m, '--seed', String(seed), '--budget-minutes', String(budget / 60)]);
        const result = readGowallaResult(m, seed);
        if (!result) throw new Error(`${m} finished without recording ${gowallaResultFile(m, seed)}`);
        return result;
      },
      onStep: (step) => {
        if (step.status === 'missing' || step.status === 'unknown')
          throw new Error(`${step.reason} (list it earlier in --models)`);
      },
    });
    done = steps.flatMap((s) => (s.status === 'recorded' || s.status === 'trained' ? [s.result] : []));
    trainedHere = steps.flatMap((s) => (s.status === 'trained' ? [s.recipe] : []));
  } catch (e) {
    recorder.finish({ error: (e as Error).message });
    throw e;
  }
  printTable(done);
  const reused = models.filter((m) => !trainedHere.includes(m));
  recorder.finish({
    tfBackend: await chooseBackend({ log: () => undefined }),
    metrics: Object.fromEntries(
      done.flatMap((r) => {
        const at20 = r.summary.find((s) => s.k === 20);
        return [
          [`${r.recipe}_recall20`, at20?.recall ?? NaN],
          [`${r.recipe}_ndcg20`, at20?.ndcg ?? NaN],
          [`${r.recipe}_epochs`, r.epochs],
          [`${r.recipe}_train_minutes`, r.trainSeconds / 60],
        ].filter(([, v]) => Number.isFinite(v));
      }),
    ),
    // The table's rows without the learning curves (kept small: results/ holds records, not data).
    details: { trained_here: trainedHere, reused, results: done.map(({ curve: _curve, ...r }) => r) },
  });
  // Each model trained here replaces its row in results/ (stamped with this run); the others keep theirs.
  const why =
    trainedHere.length > 0
      ? recorder.saveResult(undefined, (previous, current) => mergeGowallaRecord(previous, current, trainedHere))
      : 'not saved to results/: no model was trained in this run';
  console.log(`run record: ${recorder.dir}${why ? ` (${why})` : ' (and results/repro-gowalla.json)'}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
