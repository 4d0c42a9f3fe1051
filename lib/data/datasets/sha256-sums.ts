import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PinlabInputError } from '../../errors';
import { writeFileAtomic } from '../../io/atomic';
import { cacheDir } from '../../io/paths';
import { failAt, readText, splitLines } from './text-file';

/** One line of SHA256SUMS: the expected digest of a file and the line that states it. */
interface Expected {
  readonly sha256: string;
  readonly line: number;
}

/** Parses SHA256SUMS as `sha256sum` writes it: `<64 hex digits>  <file name>` per line (`*` marks binary mode). */
export function parseSha256Sums(text: string, file: string): Map<string, Expected> {
  const { lines, firstLine } = splitLines(text, file, false);
  const sums = new Map<string, Expected>();
  lines.forEach((l, k) => {
    const line = firstLine + k;
    const m = /^([0-9a-fA-F]{64}) [ *]([^/\\]+)$/.exec(l);
    if (!m) failAt(file, line, 'checksum line', `'${l.slice(0, 80)}' is not '<64 hex digits>  <file name>'`);
    if (m[2] === '.' || m[2] === '..') failAt(file, line, 'checksum line', `'${m[2]}' is not a file name`);
    if (sums.has(m[2])) failAt(file, line, 'checksum line', `${m[2]} is listed twice`);
    sums.set(m[2], { sha256: m[1].toLowerCase(), line });
  });
  return sums;
}

/** A file version: changing the content changes at least one of these (the inode catches replace-by-rename). */
function versionOf(file: string): string {
  const s = fs.statSync(file, { bigint: true });
  if (!s.isFile()) throw new PinlabInputError('file', 'is not a regular file', undefined, { file });
  return `${s.size}:${s.mtimeNs}:${s.ino}`;
}

type Verdicts = Record<string, { version: string; sha256: string }>;

function verdictFile(dir: string): string {
  const key = createHash('sha256').update(path.resolve(dir)).digest('hex').slice(0, 16);
  return path.join(cacheDir(), 'checksums', `${key}.json`);
}

/** Remembered verdicts for a data set; anything unreadable counts as none remembered, so files are hashed again. */
function readVerdicts(file: string): Verdicts {
  try {
    const v = JSON.parse(fs.readFileSync(file, 'utf8')) as { files?: unknown };
    const files = v !== null && typeof v === 'object' ? v.files : undefined;
    return files !== null && typeof files === 'object' ? (files as Verdicts) : {};
  } catch {
    return {};
  }
}

/**
 * Checks a data set folder against its shipped SHA256SUMS: every listed file must exist with that
 * digest, and every file in `required` (the files the loader reads) must be listed. A folder without
 * SHA256SUMS is not checked. A file is hashed once per version (size, mtime, inode): the verdict is
 * remembered under the cache folder, so loading again does not re-hash unchanged files.
 */
export function verifySha256Sums(dir: string, required: readonly string[]): void {
  const sumsFile = path.join(dir, 'SHA256SUMS');
  if (!fs.existsSync(sumsFile)) return;
  const sums = parseSha256Sums(readText(sumsFile), sumsFile);
  for (const name of required) {
    if (!sums.has(name)) failAt(sumsFile, undefined, 'checksum line', `${name} is read but not listed`);
  }
  const store = verdictFile(dir);
  const known = readVerdicts(store);
  const verified: Verdicts = {};
  let hashed = false;
  for (const [name, want] of sums) {
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) failAt(sumsFile, want.line, 'checksum line', `lists ${name}, which is missing`);
    const version = versionOf(file);
    const seen = known[name];
    if (seen?.version === version && seen.sha256 === want.sha256) {
      verified[name] = seen;
      continue;
    }
    const got = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    if (got !== want.sha256) {
      throw new PinlabInputError(
        'sha256',
        `content hashes to ${got}, SHA256SUMS line ${want.line} says ${want.sha256}: ` +
          'the file was changed or damaged',
        undefined,
        { file },
      );
    }
    verified[name] = { version, sha256: got };
    hashed = true;
  }
  if (!hashed) return;
  try {
    writeFileAtomic(store, JSON.stringify({ dir: path.resolve(dir), files: verified }, null, 1));
  } catch {
    // Remembering is only a saving: a read-only cache means hashing again next time, not failing.
  }
}
