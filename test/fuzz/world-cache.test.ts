import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadOrGenerateWorld, readWorldCache } from '../../lib/data/world/cache';
import { describeCounts, fuzzFile } from '../support/fuzz-file';
import { byteMutation } from '../support/mutate-bytes';

const SEED = 17;
/** A tiny world: 40 users, 120 items, about 500 impressions (milliseconds to generate). */
const TINY = { users: 40, items: 120, seed: 3, days: 10, sessionsPerUser: 3, slotsPerSession: 4 };
const TABLES = ['users', 'items', 'ads', 'age_groups', 'sessions', 'interactions'];

test('fuzz: a mutated world cache reads back the world or is refused naming a cache file, never jams', async (t) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-fuzz-world-'));
  const { world, cache } = loadOrGenerateWorld(TINY, { root });
  const dir = cache.dir!;
  const inCache = (e: { file?: string }) => e.file !== undefined && path.dirname(e.file) === dir;
  const mutations = byteMutation();
  const runs: [string, number][] = [['manifest.json', 300], ...TABLES.map((n): [string, number] => [`${n}.arrow`, 40])];
  for (const [name, n] of runs) {
    const file = path.join(dir, name);
    const r = {
      file,
      original: fs.readFileSync(file),
      read: () => readWorldCache(dir, TINY).world,
      reference: world,
      names: inCache,
    };
    const { counts, failures } = await fuzzFile(r, mutations, SEED, n);
    t.diagnostic(describeCounts(`readWorldCache, ${name}`, counts));
    assert.deepEqual(failures, [], name);
  }
  // loadOrGenerateWorld never gives up: a damaged cache is served as the same world, rebuilt when needed.
  const mustLoad = (outcome: string) =>
    outcome === 'typed' ? 'loadOrGenerateWorld threw instead of rebuilding' : undefined;
  for (const name of ['manifest.json', 'interactions.arrow']) {
    const file = path.join(dir, name);
    const load = () => loadOrGenerateWorld(TINY, { root }).world;
    const r = { file, original: fs.readFileSync(file), read: load, reference: world, check: mustLoad };
    const { counts, failures } = await fuzzFile(r, mutations, SEED + 1, 40);
    t.diagnostic(describeCounts(`loadOrGenerateWorld, ${name}`, counts));
    assert.deepEqual(failures, [], name);
  }
});
