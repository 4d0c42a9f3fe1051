import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PinlabInputError } from '../../../lib/errors';
import { gamesRecorded, mergeGamesRecord } from '../../../lib/experiments/amazon-games/recorded';
import type { GamesResult } from '../../../lib/experiments/amazon-games/run';
import { GAMES_SELECTION } from '../../../lib/experiments/amazon-games/selection';
import { bestGamesResult, gamesBestLine, gamesTable } from '../../../lib/experiments/amazon-games/table';
import { readRecordedResult } from '../../../lib/io/recorded-results';
import { RunRecorder } from '../../../scripts/run-record';
import { tempDir } from '../../support/data-fixture';

const RESULTS = path.join(__dirname, '..', '..', '..', 'results');

test('results/repro-games.json, when present: every row has both stages on both protocols, matching its flat metrics', () => {
  if (!fs.existsSync(path.join(RESULTS, 'repro-games.json'))) return;
  const raw = JSON.parse(fs.readFileSync(path.join(RESULTS, 'repro-games.json'), 'utf8'));
  const rec = gamesRecorded(raw.params.seed, RESULTS)!;
  assert.match(rec.label, /^recorded at [0-9a-f]{7}, \d{4}-\d{2}-\d{2}$/);
  assert.ok(rec.results.length >= 2);
  for (const r of rec.results) {
    assert.equal(raw.metrics[`${r.recipe}_test_sampled_ndcg10`], r.test.sampled.ndcg);
    assert.equal(raw.metrics[`${r.recipe}_valid_full_hr10`], r.validation.full.hr);
    assert.equal(r.test.sampled.seed, raw.params.seed);
    assert.equal(r.test.users, r.validation.users);
  }
  // The best model is chosen on validation; the closing line gives its test metrics.
  const best = bestGamesResult(rec.results)!;
  for (const r of rec.results) assert.ok(GAMES_SELECTION.value(best.validation) >= GAMES_SELECTION.value(r.validation));
  assert.match(gamesBestLine(best), new RegExp(`^Amazon Games best: ${best.recipe} HR@10 `));
});

test('gamesRecorded: null for another seed or no record; a row without both protocols is refused', () => {
  const dir = tempDir();
  assert.equal(gamesRecorded(1, dir), null);
  const recorder = new RunRecorder({
    id: 'repro-games',
    params: { seed: 1 },
    defaults: { seed: 1 },
    command: 'npm run repro:games',
    runsDir: path.join(dir, 'runs'),
  });
  recorder.finish({ metrics: { x: 1 }, details: { results: [{ recipe: 'pop', epochs: 0, trainMinutes: 0 }] } });
  recorder.record.git = { commit: 'abcdef0123456789abcdef0123456789abcdef01', dirty: false };
  assert.equal(recorder.saveResult(dir), '');
  assert.equal(gamesRecorded(2, dir), null);
  assert.throws(
    () => gamesRecorded(1, dir),
    (e: unknown) => e instanceof PinlabInputError && e.index === 0 && /validation, test/.test(e.message),
  );
});

const gamesResult = (recipe: string, hr: number, commit: string | null, date: string): GamesResult => {
  const m = { hr, ndcg: hr / 2 };
  const stage = { users: 5, k: 10, sampled: { ...m, negatives: 100, seed: 1 }, full: m };
  return {
    recipe,
    describe: recipe,
    dataset: 'amazon-games',
    seed: 1,
    budgetSeconds: 3600,
    epochs: 3,
    trainMinutes: 4,
    evalMinutes: 1,
    peakRssMiB: 500,
    validation: stage,
    test: stage,
    commit,
    date,
  } as unknown as GamesResult;
};

test('mergeGamesRecord: rows are recorded per model, each with the commit and date it was trained at', () => {
  const dir = tempDir();
  const save = (rows: GamesResult[], finished: string) => {
    const recorder = new RunRecorder({
      id: 'repro-games',
      params: { seed: 1 },
      defaults: { seed: 1 },
      command: `npm run repro:games -- --models ${rows.map((r) => r.recipe).join(',')}`,
      runsDir: path.join(dir, 'runs'),
    });
    recorder.finish({
      metrics: Object.fromEntries(rows.map((r) => [`${r.recipe}_test_sampled_hr10`, r.test.sampled.hr])),
      details: { results: rows },
    });
    recorder.record.git = { commit: 'c'.repeat(40), dirty: false };
    recorder.record.finished = finished;
    assert.equal(recorder.saveResult(dir, mergeGamesRecord), '');
  };
  // A row that does not name the commit it was trained at (a dirty tree's) is not recorded.
  save([gamesResult('pop', 0.47, null, 'x')], '2026-11-30T10:00:00Z');
  assert.deepEqual(gamesRecorded(1, dir)!.results, []);
  // markov trained at aaaaaaa; then SASRec, reused from this checkout's record of a run at bbbbbbb.
  save([gamesResult('markov', 0.5032, 'a'.repeat(40), '2026-12-01T06:00:00Z')], '2026-12-01T06:30:00Z');
  save(
    [gamesResult('sasrec-ssm-reg', 0.68, 'b'.repeat(40), '2026-12-02T01:00:00Z'), gamesResult('pop', 0.4, null, 'x')],
    '2026-12-02T01:10:00Z',
  );
  const recorded = gamesRecorded(1, dir)!;
  assert.deepEqual(
    recorded.results.map((r) => [r.recipe, r.test.sampled.hr, r.label]),
    [
      ['markov', 0.5032, 'recorded at aaaaaaa, 2026-12-01'],
      ['sasrec-ssm-reg', 0.68, 'recorded at bbbbbbb, 2026-12-02'],
    ],
  );
  const record = readRecordedResult('repro-games', dir)!;
  assert.deepEqual(record.metrics, { markov_test_sampled_hr10: 0.5032, 'sasrec-ssm-reg_test_sampled_hr10': 0.68 });
  const rows = (record.details as { results: { recipe: string; recorded: { minutes: number } }[] }).results;
  assert.equal(rows[0].recorded.minutes, 5, "a row's training plus evaluation minutes");
  const table = gamesTable([], { recorded });
  assert.equal(table.find((r) => r.model === 'markov')!.source, 'recorded at aaaaaaa, 2026-12-01');
});

test('mergeGamesRecord: a row recorded before rows were stamped keeps its own run', () => {
  const previous = {
    git: { commit: 'd'.repeat(40) },
    finished: '2026-11-29T00:00:00Z',
    command: 'npm run repro:games',
    env: { machine: {} },
    metrics: { pop_test_sampled_hr10: 0.47 },
    details: { results: [gamesResult('pop', 0.47, null, 'x')] },
  };
  const current = {
    ...previous,
    git: { commit: 'e'.repeat(40) },
    finished: '2026-12-02T00:00:00Z',
    metrics: { markov_test_sampled_hr10: 0.5 },
    details: { results: [gamesResult('markov', 0.5, 'e'.repeat(40), '2026-12-02T00:00:00Z')] },
  };
  const merged = mergeGamesRecord(previous, current);
  const rows = (
    merged.details as unknown as { results: { recipe: string; recorded: { commit: string; finished: string } }[] }
  ).results;
  assert.deepEqual(
    rows.map((r) => [r.recipe, r.recorded.commit[0], r.recorded.finished]),
    [
      ['pop', 'd', '2026-11-29T00:00:00Z'],
      ['markov', 'e', '2026-12-02T00:00:00Z'],
    ],
  );
  assert.deepEqual(merged.metrics, { pop_test_sampled_hr10: 0.47, markov_test_sampled_hr10: 0.5 });
});
