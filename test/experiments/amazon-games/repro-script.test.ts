import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readAmazonGames } from '../../../lib/data/datasets/amazon-games';
import { leaveOneOut } from '../../../lib/data/leave-one-out-split';
import type { GamesResult } from '../../../lib/experiments/amazon-games/run';
import { evaluateNextItem } from '../../../lib/metrics/next-item';
import { PopularityScorer } from '../../../lib/models/sequential/popularity';
import { fixtureCopy, tempDir } from '../../support/data-fixture';
import { gitState } from '../../../scripts/run-record';

const SCRIPT = path.join(__dirname, '..', '..', '..', 'scripts', 'repro-games.ts');
const repro = (data: string, cache: string, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, ...args], {
    env: { ...process.env, PINLAB_DATA_DIR: data, PINLAB_CACHE_DIR: cache },
    encoding: 'utf8',
  });
const x4 = (v: number) => v.toFixed(4);

test('repro:games on the tiny fixture records both stages and protocols per model and ends with the best by validation', async () => {
  const fixture = fixtureCopy('amazon-games-tiny');
  const data = path.dirname(fixture);
  const cache = tempDir();
  const run = repro(data, cache, '--dataset', 'amazon-games-tiny', '--models', 'pop,markov', '--seed', '3');
  assert.equal(run.status, 0, run.stderr);
  const { results } = JSON.parse(fs.readFileSync(path.join(cache, 'repro_games.json'), 'utf8')) as {
    results: GamesResult[];
  };
  assert.deepEqual(
    results.map((r) => [r.recipe, r.dataset, r.seed, r.epochs]),
    [
      ['pop', 'amazon-games-tiny', 3, 0],
      ['markov', 'amazon-games-tiny', 3, 0],
    ],
  );
  const git = gitState();
  for (const r of results) {
    assert.ok(r.peakRssMiB > 10 && r.trainMinutes >= 0 && r.budgetSeconds === 3600, JSON.stringify(r));
    // The commit that trained it, only from a clean tree (a dirty tree's code is not that commit's).
    assert.equal(r.commit, git.dirty === false ? git.commit : null);
    assert.ok(!Number.isNaN(Date.parse(r.date)));
    // The fixture's 6 evaluated users (users 2 and 6 have < 3 interactions).
    assert.deepEqual([r.validation.users, r.test.users, r.test.sampled.seed, r.test.sampled.negatives], [6, 6, 3, 100]);
  }
  // The recorded popularity numbers are the metric's on the fixture's split, in this process.
  const split = leaveOneOut(readAmazonGames(fixture));
  const pop = new PopularityScorer(split.train, split.numItems);
  assert.deepEqual(results[0].test, await evaluateNextItem(pop, split, { stage: 'test', seed: 3 }));
  assert.deepEqual(results[0].validation, await evaluateNextItem(pop, split, { stage: 'valid', seed: 3 }));
  // The best model is the one with the larger validation sampled NDCG@10 (pop on a tie: listed first).
  const best = results[1].validation.sampled.ndcg > results[0].validation.sampled.ndcg ? results[1] : results[0];
  const lines = run.stdout.trimEnd().split('\n');
  assert.match(lines[lines.length - 2], /chosen by validation NDCG@10 \(sampled 100\)/);
  const t = best.test;
  assert.equal(
    lines[lines.length - 1],
    `Amazon Games best: ${best.recipe} HR@10 ${x4(t.sampled.hr)} NDCG@10 ${x4(t.sampled.ndcg)} (sampled 100) | ` +
      `full HR@10 ${x4(t.full.hr)} NDCG@10 ${x4(t.full.ndcg)}`,
  );
  assert.match(run.stdout, /SASRec \(paper\).*0\.741.*0\.536/);
  assert.match(run.stdout, /not saved to results\/: not the real data set/);
  // A second run reuses both results (same seed and budget); --fresh trains again.
  const again = repro(data, cache, '--dataset', 'amazon-games-tiny', '--models', 'pop,markov', '--seed', '3');
  assert.match(again.stdout, /reused recorded results \(same seed and budget\): pop, markov/);
  assert.equal(again.stdout.trimEnd().split('\n').pop(), lines[lines.length - 1]);
  const fresh = repro(data, cache, '--dataset', 'amazon-games-tiny', '--models', 'pop', '--seed', '3', '--fresh');
  assert.doesNotMatch(fresh.stdout, /reused/);
});

test('repro:games skips with the reason when the data are absent, and refuses an unknown model or budget', () => {
  const empty = tempDir();
  const skipped = repro(empty, tempDir());
  assert.equal(skipped.status, 0, skipped.stderr);
  assert.match(skipped.stdout, /skipped: real data set 'amazon-games' not found at .*PINLAB_DATA_DIR/);
  const unknown = repro(empty, tempDir(), '--models', 'pop,nope');
  assert.notEqual(unknown.status, 0);
  assert.match(unknown.stderr, /unknown Amazon Games model 'nope' \(known: pop, markov/);
  const budget = repro(empty, tempDir(), '--budget-minutes', 'pop=x');
  assert.match(budget.stderr, /--budget-minutes: pop must be a positive number of minutes, got 'x'/);
});

test("repro:games trains a blend's members first (side by side), then records the blend with them", () => {
  const fixture = fixtureCopy('amazon-games-tiny');
  const cache = tempDir();
  const args = [
    '--dataset',
    'amazon-games-tiny',
    '--models',
    'sasrec-blend',
    '--budget-minutes',
    '0.03',
    '--seed',
    '3',
  ];
  const run = repro(path.dirname(fixture), cache, ...args);
  assert.equal(run.status, 0, run.stderr);
  const { results } = JSON.parse(fs.readFileSync(path.join(cache, 'repro_games.json'), 'utf8')) as {
    results: GamesResult[];
  };
  const row = (name: string) => results.find((r) => r.recipe === name)!;
  const members = ['sasrec-ce-official', 'sasrec-official'].map(row);
  const blend = row('sasrec-blend');
  assert.deepEqual(
    blend.members,
    members.map((m) => ({ recipe: m.recipe, epochs: m.epochs, trainMinutes: m.trainMinutes })),
  );
  assert.equal(blend.epochs, members[0].epochs + members[1].epochs);
  assert.equal(blend.trainMinutes, Math.max(...members.map((m) => m.trainMinutes)));
  assert.match(blend.chosen!, /^λ = (0\.125|0\.25|0\.5|1|2|4) \(validation NDCG@10 \(sampled 100\) by λ: 0\.125 /);
  assert.ok(
    members.every((m) => m.epochs > 0 && fs.existsSync(path.join(cache, 'amazon-games', `${m.recipe}-seed3.ckpt`))),
  );
  // The table lists the members before the blend; a second run reuses all three.
  assert.match(run.stdout, /'sasrec-ce-official'[^]*'sasrec-official'[^]*'sasrec-blend'/);
  assert.doesNotMatch(run.stdout, /reused/);
  const again = repro(path.dirname(fixture), cache, ...args);
  assert.match(
    again.stdout,
    /reused recorded results \(same seed and budget\): sasrec-ce-official, sasrec-official, sasrec-blend/,
  );
});
