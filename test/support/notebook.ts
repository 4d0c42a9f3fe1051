import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkReport, reportProblems } from '../../scripts/report-check';
import type { RunJson as RunRecord } from '../../scripts/run-record';

export type { RunRecord };

export const ROOT = path.resolve(__dirname, '..', '..');
export const PYTHON = process.env.PINLAB_PYTHON ?? (fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
/** The runner's environment with the project-local tslab kernel, read at each call (tests set PINLAB_CACHE_DIR). */
export function runnerEnv(): NodeJS.ProcessEnv {
  return { ...process.env, JUPYTER_PATH: path.join(ROOT, '.jupyter') };
}

export interface NotebookRun extends RunRecord {
  /** The exported HTML report (in the run folder) and the run folder itself. */
  html: string;
  runDir: string;
  /** The report folder (index, results.json, reports/NN-name.html for default runs). */
  out: string;
  /** The runner's exit code and output, for assertions on failures. */
  exitCode: number;
  output: string;
}

export interface RunnerCall {
  exitCode: number;
  stdout: string;
  stderr: string;
  output: string;
}

/** Runs scripts/notebooks.py with `args` from the repository root. */
export function runRunner(args: string[], env: NodeJS.ProcessEnv = runnerEnv()): RunnerCall {
  const proc = spawnSync(PYTHON, ['scripts/notebooks.py', ...args], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const stdout = proc.stdout ?? '';
  const stderr = proc.stderr ?? '';
  return { exitCode: proc.status ?? -1, stdout, stderr, output: stdout + stderr };
}

export interface RunOptions {
  /** Folder of NN-name.ipynb notebooks (default notebooks/). */
  dir?: string;
  timeoutSeconds?: number;
  /** Report and run folders (default: fresh temporary ones). */
  out?: string;
  runs?: string;
  env?: NodeJS.ProcessEnv;
}

/** Fresh temporary report and run folders. */
export function tempFolders(label: string): { out: string; runs: string } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), `pinlab-nb-${label}-`));
  return { out: path.join(base, 'reports'), runs: path.join(base, 'runs') };
}

/**
 * Executes one notebook on a fresh tslab kernel through scripts/notebooks.py (the same runner as
 * `npm run reports`), with `params` overriding its parameters cell, into temporary report and run
 * folders. Throws, with the runner's output, when the runner records no run (refused input).
 */
export function runNotebook(id: string, params: Record<string, unknown> = {}, options: RunOptions = {}): NotebookRun {
  const folders = tempFolders(id);
  const out = options.out ?? folders.out;
  const runs = options.runs ?? folders.runs;
  const result = path.join(path.dirname(folders.out), 'result.json');
  const args = ['run', id, '--params', JSON.stringify(params), '--out', out, '--runs', runs, '--result', result];
  if (options.dir) args.push('--dir', options.dir);
  if (options.timeoutSeconds) args.push('--timeout', String(options.timeoutSeconds));
  const call = runRunner(args, options.env);
  if (!fs.existsSync(result))
    throw new Error(`notebook runner produced no result for ${id} (exit ${call.exitCode}):\n${call.output}`);
  const [run] = Object.values(JSON.parse(fs.readFileSync(result, 'utf8'))) as (RunRecord & {
    report: string;
    run_dir: string;
  })[];
  return { ...run, html: run.report, runDir: run.run_dir, out, exitCode: call.exitCode, output: call.output };
}

/** Asserts a run succeeded and its report renders offline: every plot drawn, no errors, no requests. */
export async function expectRenderedReport(run: NotebookRun, minPlots = 1): Promise<void> {
  if (run.status !== 'ok') throw new Error(`${run.id} failed: ${run.error}\n${run.output}`);
  const check = await checkReport(run.html);
  const problems = [
    ...(check.plots < minPlots ? [`${check.plots} plots, expected >= ${minPlots}`] : []),
    ...reportProblems(check),
  ];
  if (problems.length) throw new Error(`${run.id} report ${run.html}: ${problems.join('; ')}`);
}

/** Every way `record` breaks the run-record schema (scripts/run-record.schema.json), checked by the runner's own code. */
export function recordProblems(record: unknown): string[] {
  const code =
    'import json, sys; sys.path.insert(0, "scripts"); import run_record; print(json.dumps(run_record.check(json.load(sys.stdin))))';
  const proc = spawnSync(PYTHON, ['-c', code], { cwd: ROOT, input: JSON.stringify(record), encoding: 'utf8' });
  if (proc.status !== 0) throw new Error(`schema check failed to run: ${proc.stderr}`);
  return JSON.parse(proc.stdout);
}

/** The record of a run folder. */
export function readRecord(runDir: string): RunRecord {
  return JSON.parse(fs.readFileSync(path.join(runDir, 'run.json'), 'utf8'));
}
