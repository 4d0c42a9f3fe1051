import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  Field,
  FixedSizeList,
  Float32,
  Float64,
  Int8,
  Int32,
  Table,
  Uint8,
  Uint16,
  Uint32,
  makeData,
  makeVector,
  tableFromIPC,
  tableToIPC,
  type DataType,
  type Vector,
} from 'apache-arrow';
import { PinlabInputError } from '../../errors';
import { cacheDir } from '../../io/paths';
import { writeFileAtomic } from '../../io/atomic';
import { isCount, isRecord, isSha256Hex } from '../../io/json-fields';
import { advertiserCount, generateWorld, WORLD_VERSION } from './generate';
import { resolveWorldParams, type WorldOptions, type WorldParams } from './params';
import { AGE_GROUPS, CATEGORIES } from './vocab';
import type { World } from './world';

type Column = Uint8Array | Int8Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/** One stored column: how to read it from a world and its width (> 1 = a row-major matrix, stored as FixedSizeList). */
interface ColumnSpec {
  name: string;
  get: (w: World) => Column;
  width?: (w: World) => number;
}

const C = (w: World) => w.categories.length;
const D = (w: World) => w.params.styleDim;

/** The on-disk layout: file → columns. Rebuilding a world from these is `fromTables`. */
const TABLES: Record<string, ColumnSpec[]> = {
  users: [
    { name: 'age_group', get: (w) => w.users.ageGroup },
    { name: 'main_interest', get: (w) => w.users.mainInterest },
    { name: 'secondary_interest', get: (w) => w.users.secondaryInterest },
    { name: 'activity', get: (w) => w.users.activity },
    { name: 'concentration', get: (w) => w.latent.concentration },
    { name: 'interest0', get: (w) => w.latent.interest0, width: C },
    { name: 'interest1', get: (w) => w.latent.interest1, width: C },
    { name: 'style', get: (w) => w.latent.userStyle, width: D },
    { name: 'session_offset', get: (w) => w.sessionOffsets.subarray(1) },
  ],
  items: [
    { name: 'category', get: (w) => w.items.category },
    { name: 'is_ad', get: (w) => w.items.isAd },
    { name: 'ad_index', get: (w) => w.items.adIndex },
    { name: 'popularity', get: (w) => w.latent.popularity },
    { name: 'style', get: (w) => w.latent.itemStyle, width: D },
  ],
  ads: [
    { name: 'item', get: (w) => w.ads.item },
    { name: 'advertiser', get: (w) => w.ads.advertiser },
    { name: 'bid', get: (w) => w.ads.bid },
    { name: 'conv_value', get: (w) => w.ads.convValue },
    { name: 'conv_propensity', get: (w) => w.latent.adConvPropensity },
  ],
  age_groups: [{ name: 'category_affinity', get: (w) => w.latent.ageAffinity, width: C }],
  sessions: [
    { name: 'user', get: (w) => w.sessions.user },
    { name: 'start', get: (w) => w.sessions.start },
    { name: 'context_item', get: (w) => w.sessions.contextItem },
    { name: 'context_category', get: (w) => w.sessions.contextCategory },
    { name: 'row_offset', get: (w) => w.sessions.rowOffsets.subarray(1) },
  ],
  interactions: [
    { name: 'user', get: (w) => w.interactions.user },
    { name: 'session', get: (w) => w.interactions.session },
    { name: 'item', get: (w) => w.interactions.item },
    { name: 'time', get: (w) => w.interactions.time },
    { name: 'position', get: (w) => w.interactions.position },
    { name: 'outcome', get: (w) => w.interactions.outcome },
    { name: 'converted', get: (w) => w.interactions.converted },
    { name: 'p_engage', get: (w) => w.interactions.pEngage },
    { name: 'p_convert', get: (w) => w.interactions.pConvert },
  ],
};

function arrowType(a: Column): DataType {
  if (a instanceof Uint8Array) return new Uint8();
  if (a instanceof Int8Array) return new Int8();
  if (a instanceof Uint16Array) return new Uint16();
  if (a instanceof Int32Array) return new Int32();
  if (a instanceof Uint32Array) return new Uint32();
  if (a instanceof Float32Array) return new Float32();
  return new Float64();
}

function toVector(a: Column, width: number): Vector {
  if (width === 1) return makeVector(a);
  // makeData's overloads are per-type; the union of column types needs one cast.
  const child = makeData({ type: arrowType(a), length: a.length, nullCount: 0, data: a } as Parameters<
    typeof makeData
  >[0]);
  const type = new FixedSizeList(width, new Field('v', child.type, false));
  return makeVector(makeData({ type, length: a.length / width, nullCount: 0, child }));
}

/** The flat typed array behind a column (single record batch, as written), or why it is not one. */
function fromVector(v: Vector, width: number, rows: number): Column | string {
  if (v.data.length !== 1) return `has ${v.data.length} record batches, expected 1`;
  const d = v.data[0];
  if (d.length !== rows) return `has ${d.length} rows, expected ${rows}`;
  const isList = d.type instanceof FixedSizeList && d.type.listSize === width;
  if (width > 1 && !isList) return `is not a list of width ${width}`;
  const values = (width === 1 ? d.values : d.children[0]?.values) as Column | undefined;
  if (!values || values.length < rows * width) return `holds ${values?.length ?? 0} values, expected ${rows * width}`;
  // Copy out of the file buffer so the world owns aligned arrays of the exact length.
  return values.slice(0, rows * width) as Column;
}

export interface WorldManifest {
  generator: 'pinlab-world';
  version: string;
  params: WorldParams;
  seed: number;
  rows: Record<string, number>;
  files: Record<string, { bytes: number; sha256: string }>;
  /** sha256 over the files' hashes in table order: one fingerprint of the whole world. */
  contentHash: string;
}

export type CacheProblem = 'missing' | 'stale' | 'corrupt' | 'unwritable';

/**
 * A cache that cannot be used, with why: never used silently. A PinlabInputError naming the file
 * at fault (the manifest unless a table is).
 */
export class WorldCacheError extends PinlabInputError {
  constructor(
    readonly problem: CacheProblem,
    readonly dir: string,
    reason: string,
    file = path.join(dir, 'manifest.json'),
  ) {
    super('worldCache', `${problem}: ${reason}`, undefined, { file });
  }
}

const sha256 = (b: Uint8Array | string): string => crypto.createHash('sha256').update(b).digest('hex');
const stableJson = (p: WorldParams): string =>
  JSON.stringify(Object.fromEntries(Object.entries(p).sort(([a], [b]) => a.localeCompare(b))));

/** The cache folder for these parameters: `cacheDir()/worlds/<version>-<hash of params>`. */
export function worldCacheDir(options: WorldOptions = {}, root = cacheDir()): string {
  const params = resolveWorldParams(options);
  return path.join(root, 'worlds', `${WORLD_VERSION}-${sha256(stableJson(params)).slice(0, 12)}`);
}

/** Writes every table as Arrow IPC (file format), then the manifest last, all atomically. */
export function writeWorldCache(world: World, dir: string): WorldManifest {
  // Remove the old manifest first: a crash mid-write then leaves "missing", never a mismatched pair.
  // Recursive: a folder in a file's place would block the rename of its replacement.
  for (const f of ['manifest.json', ...Object.keys(TABLES).map((n) => `${n}.arrow`)]) {
    const p = path.join(dir, f);
    const st = fs.lstatSync(p, { throwIfNoEntry: false });
    // unlink, not rm: rm reports a refused unlink as ENOTDIR, hiding the EACCES/EPERM.
    if (st?.isDirectory()) fs.rmSync(p, { recursive: true });
    else if (st) fs.unlinkSync(p);
  }
  const files: WorldManifest['files'] = {};
  const rows: Record<string, number> = {};
  for (const [name, specs] of Object.entries(TABLES)) {
    const columns: Record<string, Vector> = {};
    for (const s of specs) columns[s.name] = toVector(s.get(world), s.width?.(world) ?? 1);
    const table = new Table(columns);
    const bytes = tableToIPC(table, 'file');
    writeFileAtomic(path.join(dir, `${name}.arrow`), bytes);
    files[`${name}.arrow`] = { bytes: bytes.byteLength, sha256: sha256(bytes) };
    rows[name] = table.numRows;
  }
  const manifest: WorldManifest = {
    generator: 'pinlab-world',
    version: world.version,
    params: world.params,
    seed: world.params.seed,
    rows,
    files,
    contentHash: sha256(
      Object.values(files)
        .map((f) => f.sha256)
        .join(''),
    ),
  };
  writeFileAtomic(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return manifest;
}

/** The manifest at `dir`, or a WorldCacheError saying why the cache cannot serve `params`. */
export function checkWorldCache(dir: string, params: WorldParams): WorldManifest {
  const file = path.join(dir, 'manifest.json');
  const corrupt = (reason: string) => new WorldCacheError('corrupt', dir, reason);
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) throw new WorldCacheError('missing', dir, 'no manifest.json');
  if (!stat.isFile()) throw corrupt('manifest.json is not a file');
  let m: unknown;
  try {
    m = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw corrupt(`manifest.json is not JSON (${(e as Error).message})`);
  }
  if (!isRecord(m) || m.generator !== 'pinlab-world') throw corrupt('manifest.json is not a pinlab-world manifest');
  if (
    typeof m.version !== 'string' ||
    !isRecord(m.params) ||
    !isRecord(m.rows) ||
    !isRecord(m.files) ||
    typeof m.contentHash !== 'string'
  ) {
    throw corrupt('manifest.json lacks version/params/rows/files/contentHash of the right types');
  }
  if (m.version !== WORLD_VERSION)
    throw new WorldCacheError('stale', dir, `generator version ${m.version}, current ${WORLD_VERSION}`);
  if (stableJson(m.params as unknown as WorldParams) !== stableJson(params)) {
    throw new WorldCacheError('stale', dir, 'parameters differ from the requested ones');
  }
  const hashes: string[] = [];
  for (const name of Object.keys(TABLES)) {
    const f = m.files[`${name}.arrow`];
    if (!isRecord(f) || !isCount(f.bytes) || !isSha256Hex(f.sha256)) {
      throw corrupt(`manifest lacks ${name}.arrow's byte count and sha256`);
    }
    if (!isCount(m.rows[name])) throw corrupt(`manifest lacks ${name}'s row count`);
    hashes.push(f.sha256);
  }
  if (m.contentHash !== sha256(hashes.join(''))) {
    throw corrupt("manifest's contentHash does not match its files' hashes");
  }
  return m as unknown as WorldManifest;
}

/** Reads and verifies (sizes, sha256, rows, column types) a cached world; throws WorldCacheError when unusable. */
export function readWorldCache(dir: string, options: WorldOptions = {}): { world: World; manifest: WorldManifest } {
  const params = resolveWorldParams(options);
  const manifest = checkWorldCache(dir, params);
  const cols: Record<string, Record<string, Column>> = {};
  for (const [name, specs] of Object.entries(TABLES)) {
    const file = path.join(dir, `${name}.arrow`);
    const corrupt = (reason: string) => new WorldCacheError('corrupt', dir, `${name}.arrow ${reason}`, file);
    const want = manifest.files[`${name}.arrow`];
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (!stat) throw corrupt('is missing');
    if (!stat.isFile()) throw corrupt('is not a file');
    const asManifest = (got: number, says: number, unit: string) => {
      if (got !== says) throw corrupt(`has ${got} ${unit}, manifest says ${says}`);
    };
    // Sizes first, so a damaged manifest cannot make us read (or allocate for) a huge file.
    asManifest(stat.size, want.bytes, 'bytes');
    const bytes = fs.readFileSync(file);
    asManifest(bytes.byteLength, want.bytes, 'bytes');
    if (sha256(bytes) !== want.sha256) throw corrupt('content hash differs from the manifest');
    let table: Table;
    try {
      table = tableFromIPC(bytes);
    } catch (e) {
      throw corrupt(`is not Arrow IPC (${(e as Error).message})`);
    }
    const rows = manifest.rows[name];
    asManifest(table.numRows, rows, 'rows');
    cols[name] = {};
    const widthOf = { C: CATEGORIES.length, D: params.styleDim };
    for (const s of specs) {
      const v = table.getChild(s.name);
      if (!v) throw corrupt(`lacks column ${s.name}`);
      const width = s.width === C ? widthOf.C : s.width === D ? widthOf.D : 1;
      const col = fromVector(v, width, rows);
      if (typeof col === 'string') throw corrupt(`column ${s.name} ${col}`);
      cols[name][s.name] = col;
    }
  }
  return { world: fromTables(params, cols), manifest };
}

const withZero = (a: Column): Uint32Array => {
  const out = new Uint32Array(a.length + 1);
  out.set(a, 1);
  return out;
};

function fromTables(params: WorldParams, t: Record<string, Record<string, Column>>): World {
  const { users: u, items: i, ads: a, sessions: s, interactions: x } = t;
  return {
    version: WORLD_VERSION,
    params,
    categories: CATEGORIES,
    ageGroups: AGE_GROUPS,
    horizon: params.days * 86_400,
    users: {
      count: u.age_group.length,
      ageGroup: u.age_group as Uint8Array,
      mainInterest: u.main_interest as Uint8Array,
      secondaryInterest: u.secondary_interest as Uint8Array,
      activity: u.activity as Float32Array,
    },
    items: {
      count: i.category.length,
      category: i.category as Uint8Array,
      isAd: i.is_ad as Uint8Array,
      adIndex: i.ad_index as Int32Array,
    },
    ads: {
      count: a.item.length,
      item: a.item as Uint32Array,
      advertiser: a.advertiser as Uint32Array,
      bid: a.bid as Float32Array,
      convValue: a.conv_value as Float32Array,
      advertisers: advertiserCount(params),
    },
    sessions: {
      count: s.user.length,
      user: s.user as Uint32Array,
      start: s.start as Float64Array,
      contextItem: s.context_item as Int32Array,
      contextCategory: s.context_category as Int8Array,
      rowOffsets: withZero(s.row_offset),
    },
    interactions: {
      count: x.user.length,
      user: x.user as Uint32Array,
      session: x.session as Uint32Array,
      item: x.item as Uint32Array,
      time: x.time as Float64Array,
      position: x.position as Uint16Array,
      outcome: x.outcome as Uint8Array,
      converted: x.converted as Uint8Array,
      pEngage: x.p_engage as Float32Array,
      pConvert: x.p_convert as Float32Array,
    },
    latent: {
      interest0: u.interest0 as Float32Array,
      interest1: u.interest1 as Float32Array,
      concentration: u.concentration as Float32Array,
      userStyle: u.style as Float32Array,
      itemStyle: i.style as Float32Array,
      popularity: i.popularity as Float32Array,
      ageAffinity: t.age_groups.category_affinity as Float32Array,
      adConvPropensity: a.conv_propensity as Float32Array,
    },
    sessionOffsets: withZero(u.session_offset),
  };
}

export interface LoadWorldOptions {
  /** 'auto' (default): use a valid cache or build one; 'refresh': always regenerate and rewrite; 'off': never touch disk. */
  cache?: 'auto' | 'refresh' | 'off';
  /** What to do with a stale or corrupt cache: 'rebuild' (default, and say so in the result) or 'throw'. */
  onInvalid?: 'rebuild' | 'throw';
  /** Cache root (default `cacheDir()`). */
  root?: string;
}

export interface WorldLoad {
  world: World;
  /** hit: read from cache; built: no cache before; rebuilt: a stale/corrupt cache was replaced (see `reason`). */
  cache: {
    state: 'hit' | 'built' | 'rebuilt' | 'off';
    dir?: string;
    reason?: string;
    contentHash?: string;
    seconds: number;
  };
}

/** Temp files of `writeFileAtomic` (`<file>.<pid>.<ms>.tmp`). */
const TEMP_FILE = /\.\d+\.\d+\.tmp$/;

/**
 * Removes temp files in `dir` last written before this process started: writers killed mid-write
 * left them (a live writer's file is newer). Returns how many were removed; a folder that does not
 * exist or cannot be changed is left as it is.
 */
export function removeOrphanedTemps(dir: string, before = performance.timeOrigin): number {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const n of names) {
    if (!TEMP_FILE.test(n)) continue;
    const f = path.join(dir, n);
    try {
      const st = fs.statSync(f);
      if (!st.isFile() || st.mtimeMs >= before) continue;
      fs.unlinkSync(f);
      removed++;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS') throw e;
    }
  }
  return removed;
}

/** The world for these parameters, from the Arrow cache when valid, else generated and cached. */
export function loadOrGenerateWorld(options: WorldOptions = {}, load: LoadWorldOptions = {}): WorldLoad {
  const start = performance.now();
  const seconds = () => (performance.now() - start) / 1000;
  const mode = load.cache ?? 'auto';
  if (mode === 'off') return { world: generateWorld(options), cache: { state: 'off', seconds: seconds() } };
  const dir = worldCacheDir(options, load.root);
  removeOrphanedTemps(dir);
  let reason: string | undefined;
  if (mode === 'auto') {
    try {
      const { world, manifest } = readWorldCache(dir, options);
      return { world, cache: { state: 'hit', dir, contentHash: manifest.contentHash, seconds: seconds() } };
    } catch (e) {
      if (!(e instanceof WorldCacheError)) throw e;
      if (e.problem !== 'missing') {
        if (load.onInvalid === 'throw') throw e;
        reason = e.message;
      }
    }
  } else reason = 'refresh requested';
  const world = generateWorld(options);
  let manifest: WorldManifest;
  try {
    manifest = writeWorldCache(world, dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS') throw e;
    const verb = reason ? 'rebuild' : 'build';
    throw new WorldCacheError(
      'unwritable',
      dir,
      `cannot ${verb} it (${code}: ${(e as Error).message}); ` +
        `${reason ? `it wanted to rebuild because ${reason}` : 'there was no cache yet'}. Make the folder writable, ` +
        "pass another `root`, or load with { cache: 'off' }",
    );
  }
  return {
    world,
    cache: { state: reason ? 'rebuilt' : 'built', dir, reason, contentHash: manifest.contentHash, seconds: seconds() },
  };
}
