import * as fs from 'node:fs';
import * as path from 'node:path';
import { PinlabInputError } from '../errors';
import { repoRoot } from './paths';
import { isRecord } from './json-fields';

/**
 * A full reproduction recorded in `results/<id>.json` by an `npm run repro:*` script: its run record
 * (schema `scripts/run-record.schema.json`), committed so a fresh clone shows where each number came from.
 */
export interface RecordedResult {
  id: string;
  commit: string;
  /** When the run finished (ISO, UTC). */
  finished: string;
  command: string;
  minutes: number;
  machine: { cores: number | null; memory_gb: number | null; platform: string };
  params: Record<string, unknown>;
  metrics: Record<string, number | string | boolean>;
  /** What the script kept beyond flat metrics (e.g. a table's rows). */
  details: unknown;
}

/** The committed results/ folder of this checkout. */
export function resultsDir(): string {
  return path.join(repoRoot(), 'results');
}

/** The recorded reproduction `id`, or null when none is recorded; a malformed file is refused, naming it. */
export function readRecordedResult(id: string, dir = resultsDir()): RecordedResult | null {
  const file = path.join(dir, `${id}.json`);
  if (!fs.existsSync(file)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new PinlabInputError(file, `not valid JSON (${(e as Error).message})`);
  }
  const bad = (field: string, reason: string) => new PinlabInputError(`${file}: ${field}`, reason);
  if (!isRecord(raw)) throw bad('record', 'must be an object');
  const git = raw.git;
  if (!isRecord(git) || typeof git.commit !== 'string' || !/^[0-9a-f]{40}$/.test(git.commit))
    throw bad('git.commit', 'must be a 40-hex commit');
  if (git.dirty !== false) throw bad('git.dirty', 'must be false: a result from uncommitted code is not reproducible');
  if (raw.status !== 'ok') throw bad('status', `must be "ok", got ${JSON.stringify(raw.status)}`);
  if (raw.id !== id) throw bad('id', `must be "${id}", got ${JSON.stringify(raw.id)}`);
  if (typeof raw.finished !== 'string' || Number.isNaN(Date.parse(raw.finished)))
    throw bad('finished', 'must be an ISO time');
  if (typeof raw.seconds !== 'number' || !(raw.seconds >= 0)) throw bad('seconds', 'must be a number >= 0');
  if (typeof raw.command !== 'string') throw bad('command', 'must be a string');
  if (!isRecord(raw.params)) throw bad('params', 'must be an object');
  if (!isRecord(raw.metrics)) throw bad('metrics', 'must be an object');
  const env = raw.env;
  if (!isRecord(env) || !isRecord(env.machine)) throw bad('env.machine', 'must be an object');
  return {
    id,
    commit: git.commit,
    finished: raw.finished,
    command: raw.command,
    minutes: raw.seconds / 60,
    machine: env.machine as RecordedResult['machine'],
    params: raw.params,
    metrics: raw.metrics as RecordedResult['metrics'],
    details: raw.details,
  };
}

/** How a table marks a recorded row: "recorded at <short commit>, <date>". */
export function recordedLabel(r: RecordedResult): string {
  return `recorded at ${r.commit.slice(0, 7)}, ${r.finished.slice(0, 10)}`;
}

/** The run that recorded one row of a per-model results/ file (`mergeRecordedRows`). */
export interface RowProvenance {
  commit: string;
  /** When that run finished (ISO, UTC). */
  finished: string;
  command: string;
  /** That model's own minutes in the run (training, choice on validation, evaluation). */
  minutes: number;
  machine: unknown;
}

/** The fields of a run record (scripts/run-record.ts) that `mergeRecordedRows` reads and writes. */
export interface RunRecordLike {
  git: { commit: string | null };
  finished: string | null;
  command: string;
  env: { machine: unknown };
  metrics: Record<string, number | string | boolean>;
  details?: unknown;
}

type Row = Record<string, unknown>;

const rowsOf = (record: unknown): Row[] => {
  const rows = (record as { details?: { results?: unknown } } | null)?.details?.results;
  return Array.isArray(rows) ? rows : [];
};

/** How a per-model results/ file identifies, orders and stamps its rows (`recipe` is each row's key). */
export interface RowMerge<T extends RunRecordLike> {
  /** The row keys in table order. */
  readonly order: readonly string[];
  /** A row's own minutes in its run. */
  readonly minutes: (row: Row) => number;
  /**
   * The provenance of a row of `current` that replaces its model's row, or null to leave that model's
   * recorded row as it is (say, it was not trained in this run).
   */
  readonly provenance: (row: Row, current: T, minutes: number) => RowProvenance | null;
}

/**
 * results/<id>.json after a run whose rows (those `merge.provenance` stamps) replace theirs in `previous`;
 * every other row keeps the run that recorded it. A full reproduction takes hours, so these files are
 * per model: the top-level fields are those of the latest run, the metrics cover every row, and each row
 * carries its own `recorded` provenance (a row written before rows were stamped gets its file's run).
 */
export function mergeRecordedRows<T extends RunRecordLike>(previous: unknown, current: T, merge: RowMerge<T>): T {
  const fresh = rowsOf(current).flatMap((r) => {
    const recorded = merge.provenance(r, current, merge.minutes(r));
    return recorded ? [{ ...r, recorded } as Row] : [];
  });
  const replaced = new Set(fresh.map((r) => r.recipe));
  const prev = previous as Partial<RunRecordLike> | null;
  const kept = rowsOf(previous)
    .filter((r) => !replaced.has(r.recipe))
    .map((r): Row =>
      r.recorded || !prev?.git?.commit
        ? r
        : {
            ...r,
            recorded: {
              commit: prev.git.commit,
              finished: prev.finished ?? '',
              command: prev.command ?? '',
              minutes: merge.minutes(r),
              machine: prev.env?.machine,
            } satisfies RowProvenance,
          },
    );
  const results = [...kept, ...fresh].sort(
    (a, b) => merge.order.indexOf(a.recipe as string) - merge.order.indexOf(b.recipe as string),
  );
  const ofRows = (rows: Row[], metrics: Record<string, number | string | boolean>) =>
    Object.entries(metrics).filter(([k]) => rows.some((r) => k.startsWith(`${r.recipe}_`)));
  return {
    ...current,
    metrics: Object.fromEntries([...ofRows(kept, prev?.metrics ?? {}), ...ofRows(fresh, current.metrics)]),
    details: { ...(current.details as object), results },
  };
}

/** A recorded row's label: its own run's ("recorded at <commit>, <date>"), else its file's. */
export function rowLabel(file: RecordedResult, row: object): string {
  const p = (row as { recorded?: RowProvenance }).recorded;
  return p ? recordedLabel({ ...file, commit: p.commit, finished: p.finished }) : recordedLabel(file);
}
