import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PinlabInputError } from '../../../lib/errors';
import { gowallaRecorded, mergeGowallaRecord } from '../../../lib/experiments/gowalla/recorded';
import { GOWALLA_RECIPES, type GowallaResult } from '../../../lib/experiments/gowalla/recipes';
import { gowallaTable } from '../../../lib/experiments/gowalla/table';
import { readRecordedResult } from '../../../lib/io/recorded-results';
import { RunRecorder } from '../../../scripts/run-record';

const result = (recipe: string, recall: number, trainSeconds: number): GowallaResult => ({
  recipe,
  name: GOWALLA_RECIPES[recipe].name,
  epochs: 10,
  trainSeconds,
  budgetSeconds: 3600,
  evalSeconds: 20,
  peakRssMiB: 900,
  epochCap: 10,
  summary: [{ k: 20, recall, ndcg: recall * 0.8 }] as GowallaResult['summary'],
  curve: [],
});

/** results/repro-gowalla.json as the repro script writes it (through the same recorder), in a temporary folder. */
function recordedFolder(seed: number, results: GowallaResult[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-recorded-'));
  const recorder = new RunRecorder({
    id: 'repro-gowalla',
    params: { seed },
    defaults: { seed: 1 },
    command: 'npm run repro:gowalla',
    runsDir: path.join(dir, 'runs'),
  });
  recorder.finish({
    metrics: { mf_recall20: results[0].summary[0].recall },
    details: { results: results.map(({ curve: _c, ...r }) => r) },
  });
  recorder.record.git = { commit: 'abcdef0123456789abcdef0123456789abcdef01', dirty: false };
  assert.equal(recorder.saveResult(path.join(dir, 'results')), '');
  return path.join(dir, 'results');
}

test('recorded Gowalla rows sit under the local row of their model, labelled with commit and date', () => {
  const dir = recordedFolder(1, [result('mf-heldout', 0.1286, 170), result('pinsage', 0.1379, 890)]);
  const recorded = gowallaRecorded(1, dir)!;
  const today = new Date().toISOString().slice(0, 10);
  assert.equal(recorded.label, `recorded at abcdef0, ${today}`);
  assert.equal(recorded.command, 'npm run repro:gowalla');
  assert.deepEqual(
    recorded.results.map((r) => [r.recipe, r.curve]),
    [
      ['mf-heldout', []],
      ['pinsage', []],
    ],
  );
  const local = result('mf-heldout', 0.1001, 60);
  const rows = gowallaTable([local], { recorded, source: () => 'trained in this run' });
  const mine = rows.filter((r) => r.model === recorded.results[0].name);
  assert.deepEqual(
    mine.map((r) => [r.source, r['Recall@20']]),
    [
      ['trained in this run', 0.1001],
      [recorded.label, 0.1286],
    ],
  );
  const pinsage = rows.find((r) => r.model === recorded.results[1].name)!;
  assert.equal(pinsage.source, recorded.label);
  assert.equal(
    pinsage['with inputs min'],
    Number(((170 + 890) / 60).toFixed(2)),
    "its inputs' minutes come from the same recorded run",
  );
  assert.equal(
    rows.find((r) => r.model === 'LightGCN')!.source,
    '—',
    'a published model without a run keeps one empty row',
  );
});

test('no record, or one for another seed, is no rows; a malformed record is refused naming the file', () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-recorded-'));
  assert.equal(gowallaRecorded(1, empty), null);
  assert.equal(gowallaRecorded(2, recordedFolder(1, [result('mf', 0.13, 60)])), null);
  const file = path.join(empty, 'repro-gowalla.json');
  fs.writeFileSync(file, '{"id": "repro-gowalla", ');
  assert.throws(
    () => readRecordedResult('repro-gowalla', empty),
    (e: unknown) => e instanceof PinlabInputError && e.message.startsWith(`${file}: not valid JSON`),
  );
  const good = JSON.parse(
    fs.readFileSync(path.join(recordedFolder(1, [result('mf', 0.13, 60)]), 'repro-gowalla.json'), 'utf8'),
  );
  for (const [change, field] of [
    [{ git: { commit: 'HEAD', dirty: false } }, 'git.commit'],
    [{ git: { ...good.git, dirty: true } }, 'git.dirty'],
    [{ status: 'incomplete' }, 'status'],
    [{ finished: 'soon' }, 'finished'],
    [{ seconds: -1 }, 'seconds'],
  ] as const) {
    fs.writeFileSync(file, JSON.stringify({ ...good, ...change }));
    assert.throws(
      () => readRecordedResult('repro-gowalla', empty),
      (e: unknown) => e instanceof PinlabInputError && e.field === `${file}: ${field}`,
    );
  }
  fs.writeFileSync(file, JSON.stringify({ ...good, details: { results: [{ recipe: 'mf' }] } }));
  assert.throws(
    () => gowallaRecorded(1, empty),
    /details\.results\[0\]: each needs recipe, epochs, trainSeconds, summary/,
  );
});

test('rows are recorded per model: a run replaces the rows it trained, stamped with its commit and date', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-recorded-'));
  // Two runs from clean trees at different commits, each saving only what it trained.
  const save = (commit: string, finished: string, trained: GowallaResult[]) => {
    const recorder = new RunRecorder({
      id: 'repro-gowalla',
      params: { seed: 1 },
      defaults: { seed: 1 },
      command: `npm run repro:gowalla -- --models ${trained.map((r) => r.recipe).join(',')}`,
      runsDir: path.join(dir, 'runs'),
    });
    recorder.finish({
      metrics: Object.fromEntries(trained.map((r) => [`${r.recipe}_recall20`, r.summary[0].recall])),
      details: { results: trained.map(({ curve: _c, ...r }) => r) },
    });
    recorder.record.git = { commit: commit.repeat(40), dirty: false };
    recorder.record.finished = finished;
    const recipes = trained.map((r) => r.recipe);
    assert.equal(
      recorder.saveResult(dir, (prev, cur) => mergeGowallaRecord(prev, cur, recipes)),
      '',
    );
  };
  save('a', '2026-11-30T10:00:00Z', [result('mf', 0.129, 170), result('gfcf', 0.186, 40)]);
  save('b', '2026-12-01T06:00:00Z', [result('mf', 0.1292, 180), result('bspm', 0.193, 50)]);
  const recorded = gowallaRecorded(1, dir)!;
  assert.deepEqual(
    recorded.results.map((r) => [r.recipe, r.summary[0].recall, r.label]),
    [
      ['mf', 0.1292, 'recorded at bbbbbbb, 2026-12-01'],
      ['gfcf', 0.186, 'recorded at aaaaaaa, 2026-11-30'],
      ['bspm', 0.193, 'recorded at bbbbbbb, 2026-12-01'],
    ],
  );
  const record = readRecordedResult('repro-gowalla', dir)!;
  assert.deepEqual(record.metrics, { gfcf_recall20: 0.186, mf_recall20: 0.1292, bspm_recall20: 0.193 });
  const rows = (record.details as { results: { recipe: string; recorded: { minutes: number } }[] }).results;
  assert.equal(rows.find((r) => r.recipe === 'gfcf')!.recorded.minutes, (40 + 20) / 60, "a row's own minutes");
  const table = gowallaTable([], { recorded });
  assert.equal(table.find((r) => r.model === 'GF-CF')!.source, 'recorded at aaaaaaa, 2026-11-30');
  assert.equal(table.find((r) => r.model === 'BSPM')!.source, 'recorded at bbbbbbb, 2026-12-01');
});
