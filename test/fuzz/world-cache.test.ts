import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadOrGenerateWorld, readWorldCache } from '../../lib/data/cache';
import { describeCounts, fuzzFile } from '../support/fuzz-file';
import { byteMutation } from '../support/mutate-bytes';

const SEED = 17;
/** A tiny world: 40 users, 120 items, about 500 impressions (a few milliseconds to generate). */
const TINY = { users: 40, items: 120, seed: 3, days: 10, sessionsPerUser: 3, slotsPerSession: 4 };
const TABLES = ['users', 'items', 'ads', 'age_groups', 'sessions', 'interactions'];

test('fuzz: a mutated world cache reads back the world or is refused naming a cache file, and never jams a load', async (t) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-fuzz-world-'));
  const { world, cache } = loadOrGenerateWorld(TINY, { root });
  const dir = cache.dir!;
  const inCache = (e: { file?: string }) => e.file !== undefined && path.dirname(e.file) === dir;
  const read = () => readWorldCache(dir, TINY).world;
  const mutations = byteMutation();
  const files: [string, number][] = [['manifest.json', 300], ...TABLES.map((n): [string, number] => [`${n}.arrow`, 40])];
  for (const [name, runs] of files) {
    const file = path.join(dir, name);
    const { counts, failures } = await fuzzFile({ file, original: fs.readFileSync(file), read, reference: world, names: inCache }, mutations, SEED, runs);
    t.diagnostic(describeCounts(`readWorldCache, ${name}`, counts));
    assert.deepEqual(failures, [], name);
  }
  // loadOrGenerateWorld never gives up: every damaged cache is served as the same world (rebuilt when needed).
  for (const name of ['manifest.json', 'interactions.arrow']) {
    const file = path.join(dir, name);
    const load = () => loadOrGenerateWorld(TINY, { root }).world;
    const mustLoad = (outcome: string) => (outcome === 'typed' ? 'loadOrGenerateWorld threw instead of rebuilding' : undefined);
    const { counts, failures } = await fuzzFile({ file, original: fs.readFileSync(file), read: load, reference: world, check: mustLoad }, mutations, SEED + 1, 40);
    t.diagnostic(describeCounts(`loadOrGenerateWorld, ${name}`, counts));
    assert.deepEqual(failures, [], name);
  }
});
