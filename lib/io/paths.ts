import * as fs from 'node:fs';
import * as path from 'node:path';

let root: string | undefined;

/** The pinlab checkout: the nearest folder above this module whose package.json is the workspace. */
export function repoRoot(): string {
  if (root) return root;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'pinlab-workspace') return (root = dir);
    if (path.dirname(dir) === dir) throw new Error(`pinlab: no workspace package.json above ${__dirname}`);
  }
}

/** Where real public data sets live: `PINLAB_DATA_DIR`, default `../shared/data` beside the repo. */
export function realDataDir(): string {
  return process.env.PINLAB_DATA_DIR ?? path.resolve(repoRoot(), '..', 'shared', 'data');
}

/** Where expensive generated artefacts are cached: `PINLAB_CACHE_DIR`, default `data/cache`. */
export function cacheDir(): string {
  return process.env.PINLAB_CACHE_DIR ?? path.join(repoRoot(), 'data', 'cache');
}

/**
 * The folder of a real data set, or null with the reason when it is absent, so callers can skip
 * with a clear message instead of failing: `const d = findRealDataset('cora'); if (!d.dir) skip(d.reason)`.
 */
export function findRealDataset(name: string): { dir: string; reason?: undefined } | { dir: null; reason: string } {
  const dir = path.join(realDataDir(), name);
  if (fs.existsSync(dir)) return { dir };
  return {
    dir: null,
    reason: `real data set '${name}' not found at ${dir} (set PINLAB_DATA_DIR to its parent folder)`,
  };
}
