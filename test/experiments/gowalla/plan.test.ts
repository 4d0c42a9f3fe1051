import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gowallaResultFile, type GowallaResult } from '../../../lib/experiments/gowalla/recipes';
import { runGowallaRecipes, type GowallaStep } from '../../../lib/experiments/gowalla/run';
import { writeFileAtomic } from '../../../lib/io/atomic';

describe('runGowallaRecipes: the orchestration npm run repro:gowalla and notebook 06 share', () => {
  const saved = process.env.PINLAB_CACHE_DIR;
  before(() => {
    process.env.PINLAB_CACHE_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-gowalla-plan-'));
  });
  after(() => {
    if (saved === undefined) delete process.env.PINLAB_CACHE_DIR;
    else process.env.PINLAB_CACHE_DIR = saved;
  });

  it('skips unknown recipes and those whose prerequisite has not run, reuses recorded results, trains the rest in order', () => {
    // A recorded GF-CF result (a filter: a result file is all it needs to be current).
    const gfcf = {
      recipe: 'gfcf',
      name: 'GF-CF',
      epochs: 0,
      trainSeconds: 1,
      evalSeconds: 1,
      peakRssMiB: 1,
      summary: [],
      curve: [],
    } as GowallaResult;
    writeFileAtomic(gowallaResultFile('gfcf', 1), JSON.stringify(gfcf));
    const trained: [string, number][] = [];
    const seen: string[] = [];
    const steps = runGowallaRecipes(['mf', 'nope', 'pinsage', 'gfcf', 'lightgcn'], {
      seed: 1,
      budgetSeconds: (r) => (r === 'mf' ? 30 : 60),
      train: (recipe, budget) => {
        trained.push([recipe, budget]);
        return { ...gfcf, recipe, name: recipe, epochs: 3 };
      },
      onStep: (s: GowallaStep) => seen.push(`${s.recipe}:${s.status}`),
    });
    assert.deepEqual(seen, ['mf:trained', 'nope:unknown', 'pinsage:missing', 'gfcf:recorded', 'lightgcn:trained']);
    assert.deepEqual(
      steps.map((s) => `${s.recipe}:${s.status}`),
      seen,
    );
    assert.deepEqual(trained, [
      ['mf', 30],
      ['lightgcn', 60],
    ]);
    const pinsage = steps[2];
    assert.ok(
      pinsage.status === 'missing' && /mf-heldout/.test(pinsage.reason),
      'PinSage needs the held-out MF-BPR checkpoint',
    );
    const recorded = steps[3];
    assert.ok(recorded.status === 'recorded' && recorded.result.name === 'GF-CF');
  });
});
