// Run records for the `npm run repro:*` scripts: the same runs/<UTC time>-<id>-<params hash>/run.json
// as the notebook runner writes (scripts/run_record.py; schema scripts/run-record.schema.json, which
// the tests check both against), and results/<id>.json, the committed copy of a full reproduction.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from '../lib/io/atomic';
import { versions } from '../lib/notebook/versions';
import { threadCount } from '../lib/parallel/threads';

export const ROOT = path.resolve(__dirname, '..');
export const RUNS_DIR = path.join(ROOT, 'runs');
export const RESULTS_DIR = path.join(ROOT, 'results');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface RunRecord {
  schema: 1;
  id: string;
  dir: string;
  status: 'incomplete' | 'ok' | 'failed';
  failed_cell: null;
  error: string;
  git: { commit: string | null; dirty: boolean | null };
  params: Record<string, Json>;
  defaults: Record<string, Json>;
  changed: Record<string, Json>;
  env: {
    node: string;
    packages: Record<string, string>;
    tf_backend: string | null;
    threads: number;
    machine: { cores: number; memory_gb: number; platform: string };
  };
  started: string;
  finished: string | null;
  seconds: number;
  cell_seconds: never[];
  metrics: Record<string, number | string | boolean>;
  sweep: null;
  /** The command line that reproduces the run. */
  command: string;
  /** Anything a reader of results/ needs beyond flat metrics (e.g. the rows of a table). */
  details?: unknown;
}

/** HEAD and whether tracked or untracked (not ignored) files differ from it, as the Python runner reports them. */
export function gitState(root = ROOT): RunRecord['git'] {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return { commit: git('rev-parse', 'HEAD'), dirty: git('status', '--porcelain') !== '' };
  } catch {
    return { commit: null, dirty: null };
  }
}

/** JSON with keys sorted at every level (Python's json.dumps(sort_keys=True, separators=(",", ":"))). */
function canonical(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

const isoSeconds = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export class RunRecorder {
  readonly record: RunRecord;
  readonly dir: string;
  private readonly t0 = Date.now();

  /** Creates the run folder and writes its record with status "incomplete". */
  constructor(options: {
    id: string;
    params: Record<string, Json>;
    defaults: Record<string, Json>;
    command: string;
    runsDir?: string;
  }) {
    const runsDir = options.runsDir ?? RUNS_DIR;
    const hash = createHash('sha1').update(canonical(options.params)).digest('hex').slice(0, 8);
    fs.mkdirSync(runsDir, { recursive: true });
    let name = '';
    // The same parameters within one second wait for the next (as the Python runner does).
    for (;;) {
      name = `${isoSeconds(new Date()).replace(/[-:]/g, '')}-${options.id}-${hash}`;
      try {
        fs.mkdirSync(path.join(runsDir, name));
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
      }
    }
    this.dir = path.join(runsDir, name);
    const { node, ...packages } = versions();
    const changed = Object.fromEntries(
      Object.entries(options.params).filter(([k, v]) => canonical(v) !== canonical(options.defaults[k] ?? null)),
    );
    this.record = {
      schema: 1,
      id: options.id,
      dir: name,
      status: 'incomplete',
      failed_cell: null,
      error: '',
      git: gitState(),
      params: options.params,
      defaults: options.defaults,
      changed,
      env: {
        node,
        packages,
        tf_backend: null,
        threads: threadCount(),
        machine: {
          cores: os.cpus().length,
          memory_gb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
          platform: process.platform,
        },
      },
      started: isoSeconds(new Date(this.t0)),
      finished: null,
      seconds: 0,
      cell_seconds: [],
      metrics: {},
      sweep: null,
      command: options.command,
    };
    this.write();
  }

  /** Ends the run: "ok" with its metrics, or "failed" with the error. */
  finish(outcome: {
    metrics?: RunRecord['metrics'];
    details?: unknown;
    error?: string;
    tfBackend?: string;
  }): RunRecord {
    Object.assign(this.record, {
      status: outcome.error ? 'failed' : 'ok',
      error: outcome.error ?? '',
      metrics: outcome.metrics ?? {},
      finished: isoSeconds(new Date()),
      seconds: (Date.now() - this.t0) / 1000,
    });
    if (outcome.details !== undefined) this.record.details = outcome.details;
    if (outcome.tfBackend) this.record.env.tf_backend = outcome.tfBackend;
    this.write();
    return this.record;
  }

  /**
   * Copies a finished full reproduction to results/<id>.json (committed; never data). Refused for a
   * tree with uncommitted changes: its commit would not reproduce it. Returns why it was not saved, or ''.
   * With `merge`, what is written is `merge(the file's record or null, this run's)`.
   */
  saveResult(resultsDir = RESULTS_DIR, merge?: (previous: unknown, current: RunRecord) => RunRecord): string {
    const { status, git } = this.record;
    if (status !== 'ok') return `not saved to results/: the run ${status}`;
    if (git.dirty !== false || !git.commit)
      return 'not saved to results/: the working tree has uncommitted changes (commit, then rerun)';
    const file = path.join(resultsDir, `${this.record.id}.json`);
    // `merge` combines this run with the record already there (e.g. one row per model, each from its own run).
    const previous = merge && fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : null;
    const record = merge ? merge(previous, this.record) : this.record;
    writeFileAtomic(file, `${JSON.stringify(record, null, 1)}\n`);
    return '';
  }

  private write(): void {
    writeFileAtomic(path.join(this.dir, 'run.json'), `${JSON.stringify(this.record, null, 1)}\n`);
  }
}
