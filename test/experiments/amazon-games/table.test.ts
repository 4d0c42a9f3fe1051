import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gamesTable } from '../../../lib/experiments/amazon-games/table';
import type { GamesResult } from '../../../lib/experiments/amazon-games/run';
import { localSource } from '../../../lib/io/result-sources';

/** A result of `recipe` whose test sampled HR is `hr` (the other metrics derived from it). */
function result(recipe: string, hr: number): GamesResult {
  const m = {
    k: 10,
    users: 3,
    sampled: { hr, ndcg: hr / 2, negatives: 100, seed: 1 },
    full: { hr: hr / 10, ndcg: hr / 20 },
  };
  return {
    recipe,
    describe: recipe,
    dataset: 'amazon-games',
    seed: 1,
    budgetSeconds: 60,
    epochs: 2,
    trainMinutes: 0.5,
    evalMinutes: 0.1,
    peakRssMiB: 300.4,
    validation: m,
    test: m,
    commit: null,
    date: '2026-12-01T00:00:00Z',
  };
}

test("the Amazon Games table labels each row's source, recorded rows under local ones, and ends with the paper's SASRec row", () => {
  const rows = gamesTable([result('pop', 0.4), result('markov', 0.5)], {
    source: (r) => localSource(new Set(['markov']))(r.recipe),
    recorded: { label: 'recorded at 7ecaa5e, 2026-12-01', results: [result('markov', 0.6), result('sasrec-ce', 0.8)] },
  });
  assert.deepEqual(
    rows.map((r) => [r.model, r.source, r['test HR (s)']]),
    [
      ['pop', 'cached in this checkout', 0.4],
      ['markov', 'trained in this run', 0.5],
      ['markov', 'recorded at 7ecaa5e, 2026-12-01', 0.6],
      ['sasrec-ce', 'recorded at 7ecaa5e, 2026-12-01', 0.8],
      ['SASRec (paper)', 'published (Kang & McAuley, ICDM 2018)', 0.741],
    ],
  );
  assert.equal(rows[4]['test NDCG (s)'], 0.536);
  assert.deepEqual([rows[0]['test NDCG (full)'], rows[0]['peak MiB'], rows[4]['test HR (full)']], [0.02, 300, '—']);
  assert.deepEqual(
    gamesTable([]).map((r) => r.model),
    ['SASRec (paper)'],
    'nothing run: the paper row alone',
  );
});
