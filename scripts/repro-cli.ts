// What the `npm run repro:*` scripts that train one model per child process share: per-model
// budgets, the command line to record and the child run itself (options: cli-options.ts).
import { spawnSync } from 'node:child_process';

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
  const child = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { stdio: 'inherit' });
  if (child.status !== 0) throw new Error(`${model} failed (exit ${child.status})`);
}
