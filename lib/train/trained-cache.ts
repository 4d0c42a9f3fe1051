import * as crypto from 'node:crypto';
import * as path from 'node:path';
import type { World } from '../data/world/world';
import type { ImplicitSplit } from '../data/types';
import type { TemporalLinkSplit } from '../graph/split';
import { cacheDir } from '../io/paths';

/** Bump when a change to a task or its training alters what a configuration produces: old entries are then never read. */
export const TRAINED_CACHE_VERSION = 1;

type Bytes = { buffer: ArrayBufferLike; byteOffset: number; byteLength: number };
const bytes = (a: Bytes) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/**
 * A fingerprint of a split's content, so a cache key cannot miss an option the split was built
 * with: a temporal link split's cuts, pool, message graph and labelled pairs, or an implicit
 * split's rows.
 */
export function splitFingerprint(split: TemporalLinkSplit | ImplicitSplit): string {
  const h = crypto.createHash('sha256');
  if ('numUsers' in split) {
    h.update(JSON.stringify([split.numUsers, split.numItems]));
    for (const rows of [split.train, split.test]) for (const a of [rows.offsets, rows.ids]) h.update(bytes(a));
    return h.digest('hex');
  }
  const g = split.graph;
  h.update(JSON.stringify([split.trainEnd, split.valEnd, split.pool, g.nodes, g.count, g.until, g.refTime]));
  for (const a of [g.src, g.dst, g.kind, g.weight, g.engagements, g.firstTime, g.lastTime]) h.update(bytes(a));
  for (const p of [split.train, split.val, split.test])
    for (const a of [p.user, p.item, p.label, p.time]) h.update(bytes(a));
  return h.digest('hex');
}

/** JSON with every object's keys sorted, so equal options spelled in another order give one key. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v)
      .filter(([, x]) => typeof x !== 'function' && x !== undefined)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, x]) => [k, canonical(x)]),
  );
}

/**
 * Where a trained model is cached: `cacheDir()/<kind>/<16 hex of sha256(version, world, splits,
 * options)>.<ext>`. The world enters by its generator version and parameters, each split by its
 * content (`splitFingerprint`), the options as canonical JSON (callbacks dropped): changing any of
 * them, the seed included, gives another file.
 */
export function trainedModelFile(
  kind: string,
  key: {
    world: World;
    splits?: readonly (TemporalLinkSplit | ImplicitSplit)[];
    options: object;
    version?: number;
  },
  ext = 'ckpt',
  root = cacheDir(),
): string {
  const text = JSON.stringify({
    version: key.version ?? TRAINED_CACHE_VERSION,
    world: { version: key.world.version, params: canonical(key.world.params) },
    splits: (key.splits ?? []).map(splitFingerprint),
    options: canonical(key.options),
  });
  return path.join(root, kind, `${crypto.createHash('sha256').update(text).digest('hex').slice(0, 16)}.${ext}`);
}
