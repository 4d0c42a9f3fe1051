// What the `npm run repro:*` scripts that train one model per child process share: per-model
// budgets, the command line to record and the child run itself (options: cli-options.ts).
import { spawn, spawnSync } from 'node:child_process';
import * as os from 'node:os';
import type { OptionSpec } from './cli-options';

/** The options every per-model repro script takes (for `cliOptions`); `models` defaults to `allModels`. */
export function reproOptions(allModels: string, seedHelp: string) {
  return {
    models: { default: allModels, help: 'the recipes to run, comma-separated' },
    'budget-minutes': { default: '60', help: "training minutes per model, or 'name=minutes,...' pairs" },
    seed: { default: 1, help: seedHelp },
    fresh: { default: false, help: 'retrain the models from scratch (drops their checkpoints and results)' },
    only: { default: '', help: 'child mode: train and record this one model' },
  };
}

/** The run record's parameter defaults from an option spec: each option's default, `_` for `-`, child mode left out. */
export function recordedDefaults(
  spec: Record<string, OptionSpec<number | string | boolean>>,
): Record<string, number | string | boolean> {
  return Object.fromEntries(
    Object.entries(spec)
      .filter(([name]) => name !== 'only')
      .map(([name, o]) => [name.replace(/-/g, '_'), o.default]),
  );
}

/**
 * `--budget-minutes`: a single number applies to every model; `name=minutes` pairs set models one by
 * one (the others get `defaultMinutes`). Returns each model's budget in seconds; a budget that is not
 * a positive number is refused up front, naming it.
 */
export function budgetSeconds(budgetArg: string, defaultMinutes: number): (model: string) => number {
  const minutes = (text: string, what: string): number => {
    const m = Number(text);
    if (!(m > 0)) throw new Error(`--budget-minutes: ${what} must be a positive number of minutes, got '${text}'`);
    return m;
  };
  if (!budgetArg.includes('=')) {
    const all = minutes(budgetArg, 'the budget');
    return () => 60 * all;
  }
  const pairs = new Map(budgetArg.split(',').map((kv) => kv.split('=') as [string, string]));
  pairs.forEach((v, k) => minutes(v, k));
  return (model) => 60 * (pairs.has(model) ? Number(pairs.get(model)) : defaultMinutes);
}

/** The command line that reproduces this run: `npm run <script> -- <arguments>`. */
export function commandLine(script: string): string {
  return [`npm run ${script}`, ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
}

/**
 * Runs `script` with `args` in a child node process (so peak memory is the model's own) with its output
 * inherited; throws naming `model` when it fails.
 */
export function runChild(script: string, model: string, args: readonly string[]): void {
  requireExit0(model, spawnSync(process.execPath, tsxArgs(script, args), { stdio: 'inherit' }).status);
}

const tsxArgs = (script: string, args: readonly string[]) => ['--import', 'tsx', script, ...args];

function requireExit0(model: string, code: number | null): void {
  if (code !== 0) throw new Error(`${model} failed (exit ${code})`);
}

/**
 * `runChild` for several models at once, side by side: the cores are shared out evenly
 * (`PINLAB_THREADS` = cores ÷ models, at least 1) and every child runs to its end before the first
 * failure, naming its model, is thrown.
 */
export async function runChildrenTogether(
  script: string,
  runs: readonly { readonly model: string; readonly args: readonly string[] }[],
): Promise<void> {
  const threads = Math.max(1, Math.floor(os.availableParallelism() / runs.length));
  const codes = await Promise.all(
    runs.map(
      ({ args }) =>
        new Promise<number | null>((resolve) => {
          const child = spawn(process.execPath, tsxArgs(script, args), {
            stdio: 'inherit',
            env: { ...process.env, PINLAB_THREADS: String(threads) },
          });
          child.on('error', () => resolve(null));
          child.on('exit', (code) => resolve(code));
        }),
    ),
  );
  codes.forEach((code, i) => requireExit0(runs[i].model, code));
}
