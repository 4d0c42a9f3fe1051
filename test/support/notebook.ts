import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkReport, reportProblems } from '../../scripts/report-check';

export const ROOT = path.resolve(__dirname, '..', '..');
/** The Python with Jupyter's tools (nbformat, nbclient, nbconvert). */
export const PYTHON = process.env.PINLAB_PYTHON ?? (fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

export interface NotebookRun {
  id: string;
  status: 'ok' | 'failed';
  error: string;
  failed_cell: number | null;
  seconds: number;
  metrics: Record<string, number | string | boolean>;
  /** The exported HTML report. */
  html: string;
  /** The runner's exit code and output, for assertions on failures. */
  exitCode: number;
  output: string;
}

/**
 * Executes one notebook on a fresh tslab kernel through scripts/notebooks.py (the same runner as
 * `npm run reports`), with `params` overriding its parameters cell, into a temporary report folder.
 */
export function runNotebook(id: string, params: Record<string, unknown> = {}, options: { dir?: string; timeoutSeconds?: number } = {}): NotebookRun {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), `pinlab-nb-${id}-`));
  const result = path.join(out, 'result.json');
  const args = ['scripts/notebooks.py', 'run', id, '--params', JSON.stringify(params), '--out', out, '--result', result];
  if (options.dir) args.push('--dir', options.dir);
  if (options.timeoutSeconds) args.push('--timeout', String(options.timeoutSeconds));
  const env = { ...process.env, JUPYTER_PATH: path.join(ROOT, '.jupyter') };
  const proc = spawnSync(PYTHON, args, { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  const output = `${proc.stdout ?? ''}${proc.stderr ?? ''}`;
  if (!fs.existsSync(result)) throw new Error(`notebook runner produced no result for ${id} (exit ${proc.status}):\n${output}`);
  const [run] = Object.values(JSON.parse(fs.readFileSync(result, 'utf8'))) as Omit<NotebookRun, 'html' | 'exitCode' | 'output'>[];
  return { ...run, html: path.join(out, `${run.id}.html`), exitCode: proc.status ?? -1, output };
}

/** Asserts a run succeeded and its report renders offline: every plot drawn, no errors, no requests. */
export async function expectRenderedReport(run: NotebookRun, minPlots = 1): Promise<void> {
  if (run.status !== 'ok') throw new Error(`${run.id} failed: ${run.error}\n${run.output}`);
  const check = await checkReport(run.html);
  const problems = [...(check.plots < minPlots ? [`${check.plots} plots, expected >= ${minPlots}`] : []), ...reportProblems(check)];
  if (problems.length) throw new Error(`${run.id} report ${run.html}: ${problems.join('; ')}`);
}
