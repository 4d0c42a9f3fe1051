import * as crypto from 'node:crypto';
import fc from 'fast-check';
import { BAD_NUMBERS, replaceNumber, type ByteMutation, type TextRegion } from './mutate-bytes';

/**
 * The checkpoint layout of lib/models/checkpoint.ts, written out independently from its
 * documentation: tests split files into header and data and reseal hostile headers with valid
 * hashes, so the loader's field checks (not only its checksum) are exercised.
 */
const START = 48;

/** The JSON header of a checkpoint file (bytes 48 … 48 + H). */
export const checkpointHeader: TextRegion = (b) => [START, START + b.readUInt32LE(12)];

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

/**
 * A number of the header's JSON text between keys `from` and `to` replaced by a bad token, and the
 * header resealed with a valid hash: what the hash cannot catch, the loader's own checks must.
 */
export function resealedHeaderNumber(from: string, to: string): fc.Arbitrary<ByteMutation> {
  return fc.tuple(fc.nat(1 << 20), fc.constantFrom(...BAD_NUMBERS)).map(([k, token]) => ({
    kind: `resealed: number ${k} between "${from}" and "${to}" → '${token}'`,
    apply: (b: Buffer) => {
      const text = Buffer.from(b.subarray(...checkpointHeader(b)));
      const s = text.toString('latin1');
      const edited = replaceNumber(text, k, token, () => [s.indexOf(`"${from}"`), s.indexOf(`"${to}"`)]);
      return sealCheckpoint(edited.toString('latin1'), splitCheckpoint(b).data);
    },
  }));
}
