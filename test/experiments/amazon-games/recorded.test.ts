import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PinlabInputError } from '../../../lib/errors';
import { gamesRecorded } from '../../../lib/experiments/amazon-games/recorded';
import { GAMES_SELECTION } from '../../../lib/experiments/amazon-games/selection';
import { bestGamesResult, gamesBestLine } from '../../../lib/experiments/amazon-games/table';
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
