import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { splitFromText } from '../../../lib/data/datasets/gowalla';
import { gowallaPrerequisites, gowallaResultFile, readGowallaResult } from '../../../lib/experiments/gowalla/recipes';
import {
  gowallaCheckpointFile,
  gowallaMissingPrerequisite,
  gowallaResult,
  gowallaResultIsCurrent,
  runGowallaRecipe,
} from '../../../lib/experiments/gowalla/run';
import { gowallaFrame, gowallaTable } from '../../../lib/experiments/gowalla/table';
import { Rng } from '../../../lib/random/rng';
import { chooseBackend } from '../../../lib/tf/backend';

/** 30 users, 80 items: 30 training and 2 disjoint test items per user, in Gowalla's text format. */
function tinySplit() {
  const rng = new Rng(11);
  const train: string[] = [];
  const test: string[] = [];
  for (let u = 0; u < 30; u++) {
    const items = new Set<number>();
    while (items.size < 32) items.add(Math.floor(rng.next() * 80));
    const list = [...items];
    train.push([u, ...list.slice(0, 30)].join(' '));
    test.push([u, ...list.slice(30)].join(' '));
  }
  return splitFromText(train.join('\n'), test.join('\n'));
}

describe('Gowalla recipe runs (the code path of npm run repro:gowalla and notebook 06)', () => {
  const saved = process.env.PINLAB_CACHE_DIR;
  const split = tinySplit();
  before(async () => {
    await chooseBackend({ log: () => {} });
    process.env.PINLAB_CACHE_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-gowalla-run-'));
  });
  after(() => {
    if (saved === undefined) delete process.env.PINLAB_CACHE_DIR;
    else process.env.PINLAB_CACHE_DIR = saved;
  });

  it('records a budget-limited run, reuses it for smaller budgets and continues it from its checkpoint for larger ones', () => {
    assert.match(gowallaMissingPrerequisite('pinsage', 1) ?? '', /needs mf-heldout's checkpoint/);
    assert.equal(gowallaResultIsCurrent('mf', 1, 0), false);
    // Any positive budget admits one epoch (the budget is checked before each epoch).
    const short = runGowallaRecipe('mf', split, { seed: 1, budgetSeconds: 1e-9 });
    assert.equal(short.epochs, 1);
    assert.equal(short.budgetSeconds, 1e-9);
    assert.equal(short.curve.length, 1);
    assert.ok(short.curve[0].recall20 !== undefined, 'the last epoch is evaluated');
    assert.deepEqual(
      JSON.parse(fs.readFileSync(gowallaResultFile('mf', 1), 'utf8')),
      JSON.parse(JSON.stringify(short)),
    );
    assert.match(
      gowallaMissingPrerequisite('pinsage', 1) ?? '',
      /mf-heldout/,
      'PinSage builds on the MF-BPR trained without its validation pairs',
    );
    assert.equal(gowallaResultIsCurrent('mf', 1, short.trainSeconds), true);
    assert.equal(gowallaResultIsCurrent('mf', 1, 1e6), false);
    // A smaller budget returns the recorded result without touching the files.
    const mtime = fs.statSync(gowallaCheckpointFile('mf', 1)).mtimeMs;
    assert.deepEqual(gowallaResult('mf', split, { seed: 1, budgetSeconds: 1e-12 }), JSON.parse(JSON.stringify(short)));
    assert.equal(fs.statSync(gowallaCheckpointFile('mf', 1)).mtimeMs, mtime);
    // A larger budget resumes: the first epoch is kept, training runs to the recipe's epoch cap (200).
    const long = gowallaResult('mf', split, { seed: 1, budgetSeconds: 1e6 });
    assert.equal(long.epochs, 200);
    assert.deepEqual(long.curve[0], short.curve[0]);
    assert.deepEqual(
      long.curve.filter((p) => p.recall20 !== undefined).map((p) => p.epoch),
      [1, ...Array.from({ length: 10 }, (_, i) => 20 * (i + 1))],
    );
    assert.equal(gowallaResultIsCurrent('mf', 1, 1e9), true, 'the epoch cap ends training whatever the budget');
    // A result whose checkpoint moved on (e.g. a run killed before recording) is not current.
    const stale = { ...long, epochs: 199 };
    fs.writeFileSync(gowallaResultFile('mf', 1), JSON.stringify(stale));
    assert.equal(gowallaResultIsCurrent('mf', 1, 0), false);

    const rows = gowallaTable([long]);
    const mf = rows.find((r) => r.model === 'MF-BPR')!;
    assert.equal(mf.epochs, '200 / 200');
    assert.equal(mf['stopped by'], 'epoch cap');
    assert.equal(mf['published R@20'], 0.1291);
    assert.equal(rows.find((r) => r.model === 'LightGCN')!['Recall@20'], '—');
    // The notebook's DataFrame holds the same rows and columns.
    const frame = gowallaFrame([long]);
    assert.deepEqual(frame.columns, Object.keys(rows[0]));
    assert.deepEqual(
      frame.values,
      rows.map((r) => Object.values(r)),
    );
    assert.equal(
      gowallaTable([{ ...short, budgetSeconds: 120 }]).find((r) => r.model === 'MF-BPR')!['stopped by'],
      'time budget',
    );
  });

  it('a recipe with validation trains without its held-out pairs, keeps its best epoch on them and says so in the table', () => {
    const r = runGowallaRecipe('mf-heldout', split, { seed: 1, budgetSeconds: 1e-9 });
    assert.equal(r.validationShare, 0.05);
    assert.equal(r.bestEpoch, 1);
    assert.ok(r.curve[0].validationRecall20 !== undefined && r.curve[0].recall20 !== undefined);
    const row = gowallaTable([r]).find((x) => x.model === r.name)!;
    assert.equal(row['kept epoch'], '1 (validation)');
    assert.equal(gowallaMissingPrerequisite('pinsage', 1), null);
  });

  it('a refit trains for exactly the epochs its validation run kept, without held-out pairs, and retrains when that epoch moves', () => {
    assert.deepEqual(gowallaPrerequisites('pinsage-refit'), ['mf-heldout', 'mf-refit', 'pinsage']);
    const heldout = readGowallaResult('mf-heldout', 1)!;
    assert.equal(heldout.bestEpoch, 1, 'recorded by the test above');
    fs.rmSync(gowallaResultFile('mf-heldout', 1));
    assert.match(gowallaMissingPrerequisite('mf-refit', 1) ?? '', /epochs mf-heldout keeps on validation/);
    const setKept = (epoch: number) =>
      fs.writeFileSync(gowallaResultFile('mf-heldout', 1), JSON.stringify({ ...heldout, bestEpoch: epoch }));
    setKept(3);
    assert.equal(gowallaMissingPrerequisite('mf-refit', 1), null);
    // The budget does not end a refit early here: its cap is the kept epoch count.
    const three = gowallaResult('mf-refit', split, { seed: 1, budgetSeconds: 1e6 });
    assert.equal(three.epochs, 3);
    assert.equal(three.epochCap, 3);
    assert.equal(three.bestEpoch, undefined);
    assert.equal(three.validationShare, undefined);
    assert.match(three.note ?? '', /3 epochs mf-heldout kept/);
    const rows = gowallaTable([heldout, three]);
    const row = rows.find((r) => r.model === three.name)!;
    assert.equal(row['kept epoch'], '3 (refit)');
    assert.equal(row['stopped by'], "mf-heldout's kept epoch");
    assert.equal(row['with inputs min'], Number(((heldout.trainSeconds + three.trainSeconds) / 60).toFixed(2)));
    assert.equal(
      gowallaTable([three]).find((r) => r.model === three.name)!['with inputs min'],
      '—',
      'an input without a result leaves the total open',
    );
    assert.equal(gowallaResultIsCurrent('mf-refit', 1, 1e9), true);
    // The validation run now keeps an earlier epoch: the refit is stale, and retrains from scratch to it.
    setKept(2);
    assert.equal(gowallaResultIsCurrent('mf-refit', 1, 1e9), false);
    const two = gowallaResult('mf-refit', split, { seed: 1, budgetSeconds: 1e6 });
    assert.equal(two.epochs, 2);
    assert.deepEqual(
      two.curve.map((p) => p.loss),
      three.curve.slice(0, 2).map((p) => p.loss),
      'the same seed reproduces the first epochs',
    );
    // A later epoch resumes from the checkpoint.
    setKept(4);
    const four = gowallaResult('mf-refit', split, { seed: 1, budgetSeconds: 1e6 });
    assert.equal(four.epochs, 4);
    assert.deepEqual(four.curve.slice(0, 2), two.curve);
    assert.deepEqual(
      four.curve.map((p) => p.loss).slice(0, 3),
      three.curve.map((p) => p.loss),
    );
  });
});
