import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PinlabInputError } from '../errors';
import { WORLD_VERSION } from '../data/world/generate';
import { resolveWorldParams } from '../data/world/params';
import { writeFileAtomic } from '../io/atomic';
import { cacheDir } from '../io/paths';
import {
  contextWorldOptions,
  DEFAULT_CONTEXT_WORLD,
  runContextPoint,
  type ContextPointConfig,
  type ContextPointResult,
  type ContextWorld,
} from './context-point';
import type { ClaimCheck } from './reference-claims';

/** Bump when a change to the pipeline alters what a point produces: older cache files are then recomputed. */
export const CONTEXT_SWEEP_VERSION = 1;

export const CONTEXT_AXES = ['contextPull', 'drift', 'relatedPinsShare'] as const;
export type ContextAxis = (typeof CONTEXT_AXES)[number];

/** The values swept along each axis; the other two stay at `DEFAULT_CONTEXT_WORLD` (one factor at a time). */
export type ContextSweepAxes = { readonly [A in ContextAxis]: readonly number[] };

export interface ContextSweepPoint extends ContextPointResult {
  readonly cache: { readonly state: 'hit' | 'built' | 'rebuilt'; readonly file: string; readonly reason?: string };
}

export interface ContextSweep {
  readonly config: ContextPointConfig;
  readonly axes: ContextSweepAxes;
  /** The default world first, then each axis's other values in the order given. */
  readonly points: ContextSweepPoint[];
}

/** The claims a sweep point must all reproduce for the seed's story to hold there (seed 003). */
export const SWEEP_CLAIMS: readonly ClaimCheck['id'][] = ['recall', 'impression_share', 'impressions', 'roas'];

/** True when every claim of `SWEEP_CLAIMS` reproduces at this point. */
export function claimsHold(p: Pick<ContextPointResult, 'claims'>): boolean {
  return SWEEP_CLAIMS.every((id) => p.claims.find((c) => c.id === id)?.verdict === 'reproduces');
}

/** The worlds of a one-factor-at-a-time sweep: the default, then each axis's values (duplicates once). */
export function contextSweepWorlds(axes: ContextSweepAxes): ContextWorld[] {
  const worlds: ContextWorld[] = [DEFAULT_CONTEXT_WORLD];
  const seen = new Set([JSON.stringify(DEFAULT_CONTEXT_WORLD)]);
  for (const axis of CONTEXT_AXES) {
    const values = axes[axis];
    if (!Array.isArray(values)) throw new PinlabInputError(axis, 'must be an array of values');
    values.forEach((v, i) => {
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new PinlabInputError(axis, `must be a finite number, got ${v}`, i);
      const w = { ...DEFAULT_CONTEXT_WORLD, [axis]: v };
      const key = JSON.stringify(w);
      if (!seen.has(key)) worlds.push(w);
      seen.add(key);
    });
  }
  return worlds;
}

function cacheKey(w: ContextWorld, c: ContextPointConfig): string {
  const sorted = (o: object) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
  return JSON.stringify({
    version: CONTEXT_SWEEP_VERSION,
    world: { version: WORLD_VERSION, params: sorted(resolveWorldParams(contextWorldOptions(w, c))) },
    point: sorted(w),
    config: sorted(c),
  });
}

/** `root/context_sweep/<sha256 of the point's world parameters and configuration>.json`. */
export function contextPointCacheFile(w: ContextWorld, c: ContextPointConfig, root = cacheDir()): string {
  const hash = crypto.createHash('sha256').update(cacheKey(w, c)).digest('hex').slice(0, 16);
  return path.join(root, 'context_sweep', `${hash}.json`);
}

/** The cached result for `key`, or why it cannot be used. */
function readCached(file: string, key: string): ContextPointResult | string {
  let stored: { key?: unknown; result?: ContextPointResult };
  try {
    stored = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    return `unreadable (${(e as Error).message})`;
  }
  if (stored.key !== key) return 'written for other parameters';
  const r = stored.result;
  if (
    !r ||
    !Array.isArray(r.ks) ||
    !Array.isArray(r.recallLifts) ||
    r.recallLifts.length !== r.ks.length ||
    !Array.isArray(r.claims)
  ) {
    return 'has no complete result';
  }
  return r;
}

export interface ContextSweepOptions {
  /** Cache root (default `cacheDir()`). */
  readonly root?: string;
  /** Called after each point (cached or computed) with its index and the number of points. */
  readonly onPoint?: (done: number, total: number, point: ContextSweepPoint) => void;
}

/**
 * Runs notebook 05's experiment (`runContextPoint`) on each world of a one-factor-at-a-time sweep
 * around the default world. Each point's result is cached on disk, written atomically, under a hash
 * of its world parameters and configuration (seed included): a second call with the same inputs reads
 * them back; a cache file that cannot be used is recomputed over, with the reason in `cache.reason`.
 * Yields to the event loop between points (a notebook kernel's outputs need it).
 */
export async function runContextSweep(
  axes: ContextSweepAxes,
  config: ContextPointConfig,
  options: ContextSweepOptions = {},
): Promise<ContextSweep> {
  const worlds = contextSweepWorlds(axes);
  const root = options.root ?? cacheDir();
  const points: ContextSweepPoint[] = [];
  for (const w of worlds) {
    const key = cacheKey(w, config);
    const file = contextPointCacheFile(w, config, root);
    const cached = fs.existsSync(file) ? readCached(file, key) : null;
    let point: ContextSweepPoint;
    if (cached !== null && typeof cached !== 'string') point = { ...cached, cache: { state: 'hit', file } };
    else {
      const result = runContextPoint(w, config, root);
      writeFileAtomic(file, JSON.stringify({ key, result }));
      point = {
        ...result,
        cache: cached === null ? { state: 'built', file } : { state: 'rebuilt', file, reason: cached },
      };
    }
    points.push(point);
    options.onPoint?.(points.length, worlds.length, point);
    await new Promise((r) => setImmediate(r));
  }
  return { config, axes, points };
}

/** The points along one axis (the other two at their defaults), ordered by that axis's value. */
export function contextAxisSeries(sweep: ContextSweep, axis: ContextAxis): ContextSweepPoint[] {
  if (!CONTEXT_AXES.includes(axis))
    throw new PinlabInputError('axis', `must be one of ${CONTEXT_AXES.join(', ')}, got ${axis}`);
  const others = CONTEXT_AXES.filter((a) => a !== axis);
  return sweep.points
    .filter((p) => others.every((a) => p.world[a] === DEFAULT_CONTEXT_WORLD[a]))
    .sort((a, b) => a.world[axis] - b.world[axis]);
}
