import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadOrGenerateWorld, readWorldCache, WorldCacheError, worldCacheDir } from '../../../lib/data/world/cache';
import { generateWorld } from '../../../lib/data/world/generate';
import { worldFrame } from '../../../lib/data/world/frames';

const SMALL = { users: 150, items: 600, seed: 3, days: 20, sessionsPerUser: 6 };

function tempRoot(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-world-cache-'));
}

test('a cached world round-trips exactly and is served from the cache the second time', () => {
  const root = tempRoot();
  const first = loadOrGenerateWorld(SMALL, { root });
  assert.equal(first.cache.state, 'built');
  const second = loadOrGenerateWorld(SMALL, { root });
  assert.equal(second.cache.state, 'hit');
  assert.equal(second.cache.contentHash, first.cache.contentHash);
  const fresh = generateWorld(SMALL);
  assert.deepEqual(second.world.interactions, fresh.interactions);
  assert.deepEqual(second.world.sessions, fresh.sessions);
  assert.deepEqual(second.world.latent, fresh.latent);
  assert.deepEqual(second.world.ads, fresh.ads);
  assert.deepEqual(second.world.users, fresh.users);
  assert.deepEqual(second.world.sessionOffsets, fresh.sessionOffsets);
  const manifest = JSON.parse(fs.readFileSync(path.join(first.cache.dir!, 'manifest.json'), 'utf8'));
  assert.equal(manifest.version, fresh.version);
  assert.equal(manifest.seed, 3);
  assert.equal(manifest.rows.interactions, fresh.interactions.count);
  assert.equal(manifest.rows.users, 150);
  assert.match(manifest.contentHash, /^[0-9a-f]{64}$/);
});

test('a corrupted table is detected: rebuilt with the reason, or reported when asked', () => {
  const root = tempRoot();
  const { cache } = loadOrGenerateWorld(SMALL, { root });
  const file = path.join(cache.dir!, 'interactions.arrow');
  const bytes = fs.readFileSync(file);
  bytes[bytes.length >> 1] ^= 0xff;
  fs.writeFileSync(file, bytes);
  assert.throws(() => readWorldCache(cache.dir!, SMALL), (e: unknown) => e instanceof WorldCacheError && e.problem === 'corrupt' && /hash/.test(e.message));
  assert.throws(() => loadOrGenerateWorld(SMALL, { root, onInvalid: 'throw' }), WorldCacheError);
  const again = loadOrGenerateWorld(SMALL, { root });
  assert.equal(again.cache.state, 'rebuilt');
  assert.match(again.cache.reason!, /interactions\.arrow content hash/);
  assert.equal(loadOrGenerateWorld(SMALL, { root }).cache.state, 'hit');
});

test('a truncated file, a broken manifest and a stale version are each caught', () => {
  const root = tempRoot();
  const { cache } = loadOrGenerateWorld(SMALL, { root });
  const dir = cache.dir!;
  const manifestFile = path.join(dir, 'manifest.json');
  const good = fs.readFileSync(manifestFile, 'utf8');

  fs.truncateSync(path.join(dir, 'users.arrow'), 10);
  assert.throws(() => readWorldCache(dir, SMALL), /users\.arrow has 10 bytes/);
  loadOrGenerateWorld(SMALL, { root, cache: 'refresh' });

  fs.writeFileSync(manifestFile, good.slice(0, 40));
  assert.throws(() => readWorldCache(dir, SMALL), (e: unknown) => e instanceof WorldCacheError && e.problem === 'corrupt');

  fs.writeFileSync(manifestFile, good.replace(/"version": "[^"]+"/, '"version": "world-0"'));
  assert.throws(() => readWorldCache(dir, SMALL), (e: unknown) => e instanceof WorldCacheError && e.problem === 'stale');
  const rebuilt = loadOrGenerateWorld(SMALL, { root });
  assert.equal(rebuilt.cache.state, 'rebuilt');
  assert.match(rebuilt.cache.reason!, /stale/);

  // Other parameters live in another folder; a manifest for other parameters is stale.
  assert.notEqual(worldCacheDir({ ...SMALL, seed: 4 }, root), dir);
  assert.throws(() => readWorldCache(dir, { ...SMALL, drift: 0.1 }), (e: unknown) => e instanceof WorldCacheError && e.problem === 'stale');
  assert.throws(() => readWorldCache(path.join(root, 'nowhere'), SMALL), (e: unknown) => e instanceof WorldCacheError && e.problem === 'missing');
});

test('world tables load into danfo DataFrames with readable columns', () => {
  const world = generateWorld(SMALL);
  const df = worldFrame(world, 'interactions', 5);
  assert.deepEqual(df.shape, [5, 10]);
  assert.ok(df.columns.includes('p_engage'));
  const ads = worldFrame(world, 'ads', 3);
  assert.deepEqual(ads.columns, ['ad_id', 'item_id', 'category', 'advertiser', 'bid_usd', 'conversion_value_usd']);
  assert.ok(world.categories.includes(ads.column('category').values[0] as string));
});
