import * as fs from 'node:fs';
import { writeFileAtomic } from './atomic';

/**
 * A checkpoint file: a 4-byte little-endian header length, a JSON header (user metadata plus the
 * name and length of each array), then the Float32 arrays back to back. Written atomically, so a
 * run killed mid-write leaves the previous checkpoint intact.
 */
export function saveCheckpoint(file: string, meta: Record<string, unknown>, arrays: Record<string, Float32Array>): void {
  const names = Object.keys(arrays);
  const header = Buffer.from(JSON.stringify({ meta, arrays: names.map((n) => [n, arrays[n].length]) }), 'utf8');
  const total = 4 + header.length + names.reduce((s, n) => s + arrays[n].byteLength, 0);
  const buf = Buffer.alloc(total);
  buf.writeUInt32LE(header.length, 0);
  header.copy(buf, 4);
  let off = 4 + header.length;
  for (const n of names) {
    const a = arrays[n];
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(buf, off);
    off += a.byteLength;
  }
  writeFileAtomic(file, buf);
}

/** Only the metadata of a checkpoint (its header; the arrays are not read), or null when the file does not exist. */
export function readCheckpointMeta(file: string): Record<string, unknown> | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    const len = Buffer.alloc(4);
    fs.readSync(fd, len, 0, 4, 0);
    const header = Buffer.alloc(len.readUInt32LE(0));
    fs.readSync(fd, header, 0, header.length, 4);
    return (JSON.parse(header.toString('utf8')) as { meta: Record<string, unknown> }).meta;
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads a checkpoint written by `saveCheckpoint`, or null when the file does not exist. */
export function loadCheckpoint(file: string): { meta: Record<string, unknown>; arrays: Record<string, Float32Array> } | null {
  if (!fs.existsSync(file)) return null;
  const buf = fs.readFileSync(file);
  const hlen = buf.readUInt32LE(0);
  const header = JSON.parse(buf.subarray(4, 4 + hlen).toString('utf8')) as { meta: Record<string, unknown>; arrays: [string, number][] };
  let off = 4 + hlen;
  const arrays: Record<string, Float32Array> = {};
  for (const [name, len] of header.arrays) {
    // Copy out so the array is 4-byte aligned regardless of the header length.
    arrays[name] = new Float32Array(buf.buffer.slice(buf.byteOffset + off, buf.byteOffset + off + 4 * len));
    off += 4 * len;
  }
  return { meta: header.meta, arrays };
}
