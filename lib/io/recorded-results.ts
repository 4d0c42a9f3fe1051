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
