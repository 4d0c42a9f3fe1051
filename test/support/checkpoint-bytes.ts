import * as crypto from 'node:crypto';

/**
 * The checkpoint layout of lib/models/checkpoint.ts, written out independently from its
 * documentation: tests split files into header and data and reseal hostile headers with valid
 * hashes, so the loader's field checks (not only its checksum) are exercised.
 */
const START = 48;

export function splitCheckpoint(bytes: Buffer): { header: Record<string, unknown>; data: Buffer } {
  const h = bytes.readUInt32LE(12);
  return { header: JSON.parse(bytes.subarray(START, START + h).toString('utf8')), data: bytes.subarray(START + h) };
}

/** A checkpoint of this header JSON text and these data bytes, with a valid header hash. */
export function sealCheckpoint(headerJson: string, data: Uint8Array, version = 2): Buffer {
  const header = Buffer.from(headerJson, 'utf8');
  const prefix = Buffer.alloc(16);
  prefix.write('PINLABCK', 0, 'latin1');
  prefix.writeUInt32LE(version, 8);
  prefix.writeUInt32LE(header.length, 12);
  const hash = crypto.createHash('sha256').update(prefix).update(header).digest();
  return Buffer.concat([prefix, hash, header, data]);
}

/** `bytes` with its header changed by `edit` and resealed (header hash valid; the data and its hash untouched). */
export function editCheckpointHeader(bytes: Buffer, edit: (h: Record<string, unknown>) => void): Buffer {
  const { header, data } = splitCheckpoint(bytes);
  edit(header);
  return sealCheckpoint(JSON.stringify(header), data);
}
