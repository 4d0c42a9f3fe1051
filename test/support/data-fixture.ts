// Copies of the small data-set fixtures in test/fixtures, edited per test, in throw-away folders.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const made: string[] = [];
process.on('exit', () => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A fresh temporary folder, removed when the process exits. */
export function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-fixture-'));
  made.push(d);
  return d;
}

/** Points the cache (where checksum verdicts are remembered) at a fresh temporary folder. */
export function useTempCache(): string {
  return (process.env.PINLAB_CACHE_DIR = tempDir());
}

const read = new Map<string, Record<string, string>>();

/** The fixture's files as text, by name (read once: the fuzz suites copy fixtures thousands of times). */
export function fixtureFiles(name: string): Record<string, string> {
  const dir = path.join(FIXTURES, name);
  if (!read.has(name)) {
    read.set(name, Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')])));
  }
  return { ...read.get(name)! };
}

export function sha256SumsOf(files: Record<string, string>, names: readonly string[]): string {
  return names.map((n) => `${createHash('sha256').update(files[n]).digest('hex')}  ${n}\n`).join('');
}

/**
 * Writes the fixture `name` with `edits` applied (file name → new text, or undefined to delete) to a
 * fresh folder and returns its path. `sums`: 'regenerate' rewrites SHA256SUMS for the edited files
 * (so the loader's validation, not the checksum, must catch a bad edit), 'keep' ships the original,
 * 'drop' ships none.
 */
export function fixtureCopy(
  name: string,
  edits: Record<string, string | undefined> = {},
  sums: 'regenerate' | 'keep' | 'drop' = 'regenerate',
): string {
  const files: Record<string, string | undefined> = { ...fixtureFiles(name), ...edits };
  if (sums === 'drop') delete files.SHA256SUMS;
  if (sums === 'regenerate' && files.SHA256SUMS !== undefined) {
    const listed = files.SHA256SUMS.split('\n')
      .filter(Boolean)
      .map((l) => l.slice(66));
    files.SHA256SUMS = sha256SumsOf(
      files as Record<string, string>,
      listed.filter((n) => files[n] !== undefined),
    );
  }
  const dir = path.join(tempDir(), name);
  fs.mkdirSync(dir);
  for (const [f, text] of Object.entries(files)) if (text !== undefined) fs.writeFileSync(path.join(dir, f), text);
  return dir;
}

/** Replaces line `n` (1-based) of `text`; `undefined` deletes it. */
export function withLine(text: string, n: number, line: string | undefined): string {
  const lines = text.split('\n');
  if (line === undefined) lines.splice(n - 1, 1);
  else lines[n - 1] = line;
  return lines.join('\n');
}
