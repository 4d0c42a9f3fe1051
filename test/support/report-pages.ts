/**
 * Builds report pages from fixture run records, without a kernel: writes runs/<dir>/run.json
 * records into a temporary tree and calls scripts/report_html.py's entry points through Python.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PYTHON, ROOT } from './notebook';

export interface FixtureTree {
  root: string;
  runs: string;
  reports: string;
}

export function fixtureTree(label: string): FixtureTree {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `pinlab-pages-${label}-`));
  const tree = { root, runs: path.join(root, 'runs'), reports: path.join(root, 'reports') };
  fs.mkdirSync(tree.runs);
  fs.mkdirSync(path.join(tree.reports, 'sweeps'), { recursive: true });
  return tree;
}

export type RunRecord = Record<string, unknown> & { dir: string; id: string };

/** A complete record as the runner writes it (RUNS-CONTRACT.md), with `fields` overriding. */
export function writeRun(tree: FixtureTree, fields: RunRecord): string {
  const record = {
    schema: 1,
    status: 'ok',
    failed_cell: null,
    error: '',
    git: { commit: '0123456789abcdef0123456789abcdef01234567', dirty: false },
    params: {},
    defaults: {},
    changed: {},
    env: {
      node: 'v20.19.0',
      packages: { pinlab: '0.1.0' },
      tf_backend: 'wasm',
      threads: 1,
      machine: { cores: 2, memory_gb: 23.4, platform: 'linux' },
    },
    started: '2026-12-01T00:00:00Z',
    finished: '2026-12-01T00:01:00Z',
    seconds: 60,
    cell_seconds: [],
    metrics: {},
    sweep: null,
    ...fields,
  };
  const dir = path.join(tree.runs, fields.dir);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'run.json'), JSON.stringify(record));
  return dir;
}

/**
 * Evaluates one Python expression with `report_html` imported, `Path` and `json` in scope and
 * `args` bound to the given JSON value; returns what it printed.
 */
export function reportPages(expression: string, args: unknown): string {
  const code = [
    'import json, sys',
    'from pathlib import Path',
    `sys.path.insert(0, ${JSON.stringify(path.join(ROOT, 'scripts'))})`,
    'import report_html',
    'args = json.loads(sys.argv[1])',
    `result = ${expression}`,
    'print(result if result is not None else "")',
  ].join('\n');
  const proc = spawnSync(PYTHON, ['-c', code, JSON.stringify(args)], { cwd: ROOT, encoding: 'utf8' });
  if (proc.status !== 0) throw new Error(`report_html failed (exit ${proc.status}):\n${proc.stderr}`);
  return proc.stdout.trim();
}
