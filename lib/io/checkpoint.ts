import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { PinlabInputError } from '../errors';
import { writeFileAtomic } from './atomic';
import { isCount, isRecord, isSha256Hex, isShape } from './json-fields';

/**
 * Checkpoint file format 2, which knows its own integrity:
 *
 *   bytes 0–7     magic `PINLABCK`
 *   bytes 8–11    format version (uint32 LE), 2
 *   bytes 12–15   header length H (uint32 LE)
 *   bytes 16–47   SHA-256 of bytes 0–15 followed by the header
 *   next H bytes  header, UTF-8 JSON: { meta, arrays: [{ name, dtype: 'float32', shape, byteLength }], dataSha256 }
 *   the rest      the arrays' float32 bytes (little-endian) back to back in header order; the file ends there.
 *
 * The header's own hash lets `readCheckpointMeta` trust the metadata without reading the arrays;
 * the header's `dataSha256` covers the arrays. Format 1 (a bare header length, no magic, no hash)
 * is refused: nothing in it can be verified. `migrateCheckpoint` converts one on explicit request.
 */
export const CHECKPOINT_FORMAT = 2;
const MAGIC = Buffer.from('PINLABCK', 'latin1');
const PREFIX = 16;
const START = PREFIX + 32;

export interface Checkpoint {
  meta: Record<string, unknown>;
  arrays: Record<string, Float32Array>;
}

interface ArrayEntry {
  name: string;
  dtype: 'float32';
  shape: number[];
  byteLength: number;
}

interface Header {
  meta: Record<string, unknown>;
  arrays: ArrayEntry[];
  dataSha256: string;
}

/** Writes `arrays` (each with shape [length]) and JSON `meta` atomically: a killed run leaves the previous file. */
export function saveCheckpoint(
  file: string,
  meta: Record<string, unknown>,
  arrays: Record<string, Float32Array>,
): void {
  const names = Object.keys(arrays);
  const dataHash = crypto.createHash('sha256');
  for (const n of names) dataHash.update(bytesOf(arrays[n]));
  const entries: ArrayEntry[] = names.map((name) => ({
    name,
    dtype: 'float32',
    shape: [arrays[name].length],
    byteLength: arrays[name].byteLength,
  }));
  const json: Header = { meta, arrays: entries, dataSha256: dataHash.digest('hex') };
  const header = Buffer.from(JSON.stringify(json), 'utf8');
  const total = START + header.length + entries.reduce((s, e) => s + e.byteLength, 0);
  const buf = Buffer.alloc(total);
  MAGIC.copy(buf, 0);
  buf.writeUInt32LE(CHECKPOINT_FORMAT, 8);
  buf.writeUInt32LE(header.length, 12);
  header.copy(buf, START);
  headerHash(buf.subarray(0, PREFIX), header).copy(buf, PREFIX);
  let off = START + header.length;
  for (const n of names) {
    buf.set(bytesOf(arrays[n]), off);
    off += arrays[n].byteLength;
  }
  writeFileAtomic(file, buf);
}

/**
 * Only the metadata of a checkpoint, or null when the file does not exist. The header's hash and
 * the file's length are verified; the arrays' bytes are not read (`loadCheckpoint` checks them).
 */
export function readCheckpointMeta(file: string): Record<string, unknown> | null {
  const fd = openOrNull(file);
  if (fd === null) return null;
  try {
    const size = fs.fstatSync(fd).size;
    const read = (at: number, length: number): Buffer => {
      const b = Buffer.alloc(length);
      const got = fs.readSync(fd, b, 0, length, at);
      if (got !== length) {
        throw fail(file, 'checkpoint', `ends at byte ${at + got}, expected ${length} bytes from byte ${at}`, at + got);
      }
      return b;
    };
    const prefix = read(0, Math.min(size, START));
    const headerLength = checkPrefix(file, prefix, size);
    return parseHeader(file, prefix, read(START, headerLength), size).meta;
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads and verifies a checkpoint written by `saveCheckpoint`, or null when the file does not exist. */
export function loadCheckpoint(file: string): Checkpoint | null {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'EISDIR') throw fail(file, 'checkpoint', 'is a folder, not a checkpoint file');
    throw e;
  }
  const headerLength = checkPrefix(file, buf, buf.length);
  const header = parseHeader(file, buf, buf.subarray(START, START + headerLength), buf.length);
  const dataStart = START + headerLength;
  if (sha256(buf.subarray(dataStart)) !== header.dataSha256) {
    throw fail(file, 'data', `the arrays' bytes do not match the header's SHA-256: the file is damaged`, dataStart);
  }
  const arrays: Record<string, Float32Array> = {};
  let off = dataStart;
  for (const e of header.arrays) {
    // A copy of exactly byteLength bytes: aligned, and never a view into a larger (pooled) buffer.
    const a = new Float32Array(e.byteLength / 4);
    new Uint8Array(a.buffer).set(buf.subarray(off, off + e.byteLength));
    arrays[e.name] = a;
    off += e.byteLength;
  }
  return { meta: header.meta, arrays };
}

/**
 * Rewrites a format-1 checkpoint (pinlab before checksums) as format 2, for a user who trusts it:
 * its structure is checked strictly (header types, exact length), but its bytes were never hashed,
 * so a flipped bit inside its arrays would carry over. Returns false when the file is already
 * format 2 (after verifying it); anything else is refused with a PinlabInputError naming the file.
 */
export function migrateCheckpoint(file: string): boolean {
  const buf = fs.readFileSync(file);
  if (buf.subarray(0, 8).equals(MAGIC)) {
    loadCheckpoint(file);
    return false;
  }
  const bad = (reason: string, byteOffset?: number): never => {
    throw fail(file, 'checkpoint', `is not a format-1 checkpoint: ${reason}`, byteOffset);
  };
  if (buf.length < 4) bad(`has ${buf.length} bytes`, 0);
  const headerLength = buf.readUInt32LE(0);
  if (headerLength > buf.length - 4) bad(`header length ${headerLength} runs past the end (${buf.length} bytes)`, 0);
  let h: unknown;
  try {
    h = JSON.parse(buf.subarray(4, 4 + headerLength).toString('utf8'));
  } catch (e) {
    return bad(`header is not JSON: ${(e as Error).message}`, 4);
  }
  if (!isRecord(h) || !isRecord(h.meta) || !Array.isArray(h.arrays)) return bad('header lacks meta and arrays', 4);
  const arrays: Record<string, Float32Array> = {};
  let off = 4 + headerLength;
  for (const e of h.arrays as unknown[]) {
    if (!Array.isArray(e) || typeof e[0] !== 'string' || !isCount(e[1]) || e[0] in arrays) {
      return bad(`array entry ${JSON.stringify(e)} is not a new [name, length]`, 4);
    }
    if (off + 4 * e[1] > buf.length) bad(`array '${e[0]}' runs past the end of the file`, off);
    const a = new Float32Array(e[1]);
    new Uint8Array(a.buffer).set(buf.subarray(off, off + 4 * e[1]));
    arrays[e[0]] = a;
    off += 4 * e[1];
  }
  if (off !== buf.length) bad(`${buf.length - off} bytes after the last array`, off);
  saveCheckpoint(file, h.meta, arrays);
  return true;
}

function bytesOf(a: Float32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

const sha256 = (b: Uint8Array): string => crypto.createHash('sha256').update(b).digest('hex');

function headerHash(prefix: Uint8Array, header: Uint8Array): Buffer {
  return crypto.createHash('sha256').update(prefix).update(header).digest();
}

function openOrNull(file: string): number | null {
  try {
    const fd = fs.openSync(file, 'r');
    if (fs.fstatSync(fd).isDirectory()) {
      fs.closeSync(fd);
      throw fail(file, 'checkpoint', 'is a folder, not a checkpoint file');
    }
    return fd;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/**
 * Checks magic, version and header length against the file's size; returns H. `head` holds the
 * file's first 48 bytes (all of it when shorter).
 */
function checkPrefix(file: string, head: Buffer, size: number): number {
  if (size < START || !head.subarray(0, 8).equals(MAGIC)) {
    // Format 1 began with the header's length and then its JSON.
    if (size >= 5 && head[4] === 0x7b && head.readUInt32LE(0) <= size - 4) {
      throw fail(
        file,
        'version',
        'was written by an older pinlab (checkpoint format 1, without checksums) and ' +
          'cannot be verified: delete it to train again, or, if you trust it, convert it with ' +
          '`npx tsx scripts/migrate-checkpoints.ts <file>`',
        0,
      );
    }
    throw size < START
      ? fail(file, 'checkpoint', `has ${size} bytes, too short for a checkpoint (at least ${START})`, size)
      : fail(file, 'magic', 'is not a pinlab checkpoint (no PINLABCK magic)', 0);
  }
  const version = head.readUInt32LE(8);
  if (version !== CHECKPOINT_FORMAT) {
    throw fail(file, 'version', `is checkpoint format ${version}; this pinlab reads format ${CHECKPOINT_FORMAT}`, 8);
  }
  const headerLength = head.readUInt32LE(12);
  if (headerLength > size - START) {
    const reason = `${headerLength} runs past the end of the file (${size} bytes): truncated or damaged`;
    throw fail(file, 'headerLength', reason, 12);
  }
  return headerLength;
}

/** Verifies the header's hash, parses it and checks every field's type and the file's exact length. */
function parseHeader(file: string, head: Buffer, headerBytes: Buffer, size: number): Header {
  if (!headerHash(head.subarray(0, PREFIX), headerBytes).equals(head.subarray(PREFIX, START))) {
    throw fail(file, 'header', 'does not match its SHA-256 (bytes 16–47): the file is damaged', PREFIX);
  }
  let h: unknown;
  try {
    h = JSON.parse(headerBytes.toString('utf8'));
  } catch (e) {
    throw fail(file, 'header', `is not JSON: ${(e as Error).message}`, START);
  }
  const bad = (key: string, what: string): never => {
    throw fail(file, `header.${key}`, what, START);
  };
  if (!isRecord(h)) throw fail(file, 'header', 'must be a JSON object', START);
  if (!isRecord(h.meta)) bad('meta', 'must be an object');
  if (!Array.isArray(h.arrays)) bad('arrays', 'must be a list');
  if (!isSha256Hex(h.dataSha256)) bad('dataSha256', 'must be 64 hex digits');
  const names = new Set<string>();
  let dataBytes = 0;
  (h.arrays as unknown[]).forEach((e, i) => {
    if (!isRecord(e)) return bad(`arrays[${i}]`, 'must be an object');
    if (typeof e.name !== 'string' || names.has(e.name)) {
      bad(`arrays[${i}].name`, `must be a string not used before, got ${JSON.stringify(e.name)}`);
    }
    names.add(e.name as string);
    if (e.dtype !== 'float32') bad(`arrays[${i}].dtype`, `must be 'float32', got ${JSON.stringify(e.dtype)}`);
    if (!isShape(e.shape)) {
      bad(`arrays[${i}].shape`, `must be a list of non-negative integers, got ${JSON.stringify(e.shape)}`);
    }
    const count = (e.shape as number[]).reduce((p, d) => p * d, 1);
    if (e.byteLength !== 4 * count) {
      const got = JSON.stringify(e.byteLength);
      bad(`arrays[${i}].byteLength`, `must be 4 × ${count} for shape [${e.shape}], got ${got}`);
    }
    dataBytes += 4 * count;
  });
  const want = START + headerBytes.length + dataBytes;
  if (size !== want) {
    const what = size < want ? 'truncated' : 'extra bytes at the end';
    throw fail(file, 'checkpoint', `has ${size} bytes, its header says ${want}: ${what}`, Math.min(size, want));
  }
  return h as unknown as Header;
}

/** A PinlabInputError naming the checkpoint file (and the byte offset where what is wrong starts). */
function fail(file: string, field: string, reason: string, byteOffset?: number): PinlabInputError {
  return new PinlabInputError(field, reason, undefined, { file, byteOffset });
}
