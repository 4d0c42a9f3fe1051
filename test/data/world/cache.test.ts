import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
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

/** A fresh cache of SMALL under a new root, with one byte in the middle of `table` flipped. */
function cacheWithDamagedTable(table: string) {
  const root = tempRoot();
  const { cache } = loadOrGenerateWorld(SMALL, { root });
  const file = path.join(cache.dir!, table);
  const bytes = fs.readFileSync(file);
  bytes[bytes.length >> 1] ^= 0xff;
  fs.writeFileSync(file, bytes);
  return { root, cache };
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
  const { root, cache } = cacheWithDamagedTable('interactions.arrow');
  assert.throws(
    () => readWorldCache(cache.dir!, SMALL),
    (e: unknown) => e instanceof WorldCacheError && e.problem === 'corrupt' && /hash/.test(e.message),
  );
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
  assert.throws(
    () => readWorldCache(dir, SMALL),
    (e: unknown) => e instanceof WorldCacheError && e.problem === 'corrupt',
  );

  fs.writeFileSync(manifestFile, good.replace(/"version": "[^"]+"/, '"version": "world-0"'));
  assert.throws(
    () => readWorldCache(dir, SMALL),
    (e: unknown) => e instanceof WorldCacheError && e.problem === 'stale',
  );
  const rebuilt = loadOrGenerateWorld(SMALL, { root });
  assert.equal(rebuilt.cache.state, 'rebuilt');
  assert.match(rebuilt.cache.reason!, /stale/);

  // Other parameters live in another folder; a manifest for other parameters is stale.
  assert.notEqual(worldCacheDir({ ...SMALL, seed: 4 }, root), dir);
  assert.throws(
    () => readWorldCache(dir, { ...SMALL, drift: 0.1 }),
    (e: unknown) => e instanceof WorldCacheError && e.problem === 'stale',
  );
  assert.throws(
    () => readWorldCache(path.join(root, 'nowhere'), SMALL),
    (e: unknown) => e instanceof WorldCacheError && e.problem === 'missing',
  );
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

test('any unreadable manifest is a reason to rebuild: null, a number, a list, wrong field types, a folder', () => {
  const root = tempRoot();
  const { cache } = loadOrGenerateWorld(SMALL, { root });
  const manifestFile = path.join(cache.dir!, 'manifest.json');
  const good = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  const bad: unknown[] = [
    null,
    42,
    '"x"',
    [],
    { ...good, params: null },
    { ...good, files: { ...good.files, 'users.arrow': null } },
    { ...good, rows: { ...good.rows, users: '150' } },
    { ...good, files: { ...good.files, 'ads.arrow': { bytes: -1, sha256: 'ab' } } },
    { ...good, contentHash: '0'.repeat(64) },
  ];
  for (const m of bad) {
    fs.writeFileSync(manifestFile, typeof m === 'string' ? m : JSON.stringify(m));
    assert.throws(
      () => readWorldCache(cache.dir!, SMALL),
      (e: unknown) => e instanceof WorldCacheError && e.problem === 'corrupt',
      JSON.stringify(m),
    );
    const again = loadOrGenerateWorld(SMALL, { root });
    assert.equal(again.cache.state, 'rebuilt', JSON.stringify(m));
    assert.equal(again.cache.contentHash, cache.contentHash);
  }
  for (const f of ['manifest.json', 'sessions.arrow']) {
    fs.rmSync(path.join(cache.dir!, f));
    fs.mkdirSync(path.join(cache.dir!, f));
    assert.throws(
      () => readWorldCache(cache.dir!, SMALL),
      (e: unknown) => e instanceof WorldCacheError && /not a file/.test(e.message),
    );
    const again = loadOrGenerateWorld(SMALL, { root });
    assert.equal(again.cache.state, 'rebuilt', f);
    assert.equal(loadOrGenerateWorld(SMALL, { root }).cache.state, 'hit');
  }
});

/** Makes `dir` unwritable (chmod, or `chattr +i` where chmod does not bind, as for root); returns the undo, or null when neither works. */
function makeReadOnly(dir: string): (() => void) | null {
  const probe = path.join(dir, 'probe');
  const writable = () => {
    try {
      fs.writeFileSync(probe, '');
      fs.rmSync(probe);
      return true;
    } catch {
      return false;
    }
  };
  fs.chmodSync(dir, 0o555);
  if (!writable()) return () => fs.chmodSync(dir, 0o755);
  fs.chmodSync(dir, 0o755);
  if (spawnSync('chattr', ['+i', dir]).status === 0 && !writable()) return () => void spawnSync('chattr', ['-i', dir]);
  spawnSync('chattr', ['-i', dir]);
  return null;
}

test('rebuilding into a read-only folder says so, with the reason it wanted to rebuild', (t) => {
  // A damaged table (a reason to rebuild the old code also saw), then the folder made read-only.
  const { root, cache } = cacheWithDamagedTable('ads.arrow');
  // An orphan that cannot be removed here is left alone.
  const orphan = path.join(cache.dir!, 'users.arrow.1.2.tmp');
  fs.writeFileSync(orphan, 'x');
  fs.utimesSync(orphan, new Date(0), new Date(0));
  const undo = makeReadOnly(cache.dir!);
  if (!undo) return t.skip('cannot make a folder read-only here');
  try {
    assert.throws(
      () => loadOrGenerateWorld(SMALL, { root }),
      (e: unknown) => {
        assert.ok(e instanceof WorldCacheError && e.problem === 'unwritable', String(e));
        assert.match(
          e.message,
          /cannot rebuild it \((EACCES|EPERM|EROFS).*wanted to rebuild because .*ads\.arrow content hash/,
        );
        assert.match(e.message, /cache: 'off'/);
        return true;
      },
    );
  } finally {
    undo();
  }
  assert.equal(loadOrGenerateWorld(SMALL, { root }).cache.state, 'rebuilt');
});

test('orphaned temp files older than this process are removed on the next load; newer ones are kept', () => {
  const root = tempRoot();
  const { cache } = loadOrGenerateWorld(SMALL, { root });
  const old = path.join(cache.dir!, 'interactions.arrow.4242.1700000000000.tmp');
  const live = path.join(cache.dir!, 'users.arrow.4243.1700000000001.tmp');
  const other = path.join(cache.dir!, 'notes.tmp');
  for (const f of [old, live, other]) fs.writeFileSync(f, Buffer.alloc(1000));
  const past = new Date(performance.timeOrigin - 60_000);
  fs.utimesSync(old, past, past);
  fs.utimesSync(other, past, past);
  assert.equal(loadOrGenerateWorld(SMALL, { root }).cache.state, 'hit');
  assert.equal(fs.existsSync(old), false, 'an orphan from before this process is removed');
  assert.equal(fs.existsSync(live), true, "a temp file written since this process started may be another writer's");
  assert.equal(fs.existsSync(other), true, 'only writeFileAtomic temp names are touched');
});
