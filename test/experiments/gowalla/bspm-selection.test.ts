import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { splitFromText } from '../../../lib/data/datasets/gowalla';
import { holdOutValidation } from '../../../lib/data/validation-split';
import { chooseBspm } from '../../../lib/experiments/gowalla/bspm-selection';
import { Bspm } from '../../../lib/models/cf/bspm';
import { Rng } from '../../../lib/random/rng';
import { evaluateAllItems } from '../../../lib/retrieval/evaluate';
import { chooseBackend } from '../../../lib/tf/backend';

// 12 users × 30 items (top-20 lists need more than 20 items), 5–9 items each, drawn by a seeded Rng.
const rng = new Rng(5);
const rows = Array.from({ length: 12 }, () => {
  const items = Array.from({ length: 30 }, (_, i) => i);
  const k = 5 + rng.int(5);
  rng.sampleToFront(items, k);
  return items.slice(0, k);
});
const lines = rows.map((items, u) => `${u} ${items.join(' ')}`);
const split = splitFromText(`${lines.join('\n')}\n`, `0 ${[...Array(30).keys()].find((i) => !rows[0].includes(i))}\n`);
const { validation } = holdOutValidation(split, 0.34, new Rng(4));
const model = { rank: 2, oversample: 2, iterations: 60 };
const grid = [
  { sharpenTime: 0, idealWeight: 0 },
  { sharpenTime: 2.5, idealWeight: 0.2 },
  { sharpenTime: 1, idealWeight: 1 },
];

before(async () => {
  await chooseBackend({ log: () => {} });
});

test('chooseBspm scores each grid point as a separate model evaluated on the held-out pairs, and keeps the best', () => {
  const choice = chooseBspm(validation, new Rng(9), { grid, model, blockUsers: 3 });
  const separate = grid.map((v) => {
    const m = new Bspm(validation, new Rng(9), { ...model, sharpenSolver: 'rk4', rank: 2, ...v });
    const at20 = evaluateAllItems(m, validation, [20]).summary[0];
    m.dispose();
    return [at20.recall, at20.ndcg];
  });
  for (const [i, g] of choice.grid.entries()) {
    assert.ok(Math.abs(g.recall20 - separate[i][0]) < 1e-12, `grid point ${i} recall`);
    assert.ok(Math.abs(g.ndcg20 - separate[i][1]) < 1e-6, `grid point ${i} ndcg`);
  }
  assert.equal(new Set(choice.grid.map((g) => g.recall20)).size, grid.length, 'the grid points differ here');
  const best = Math.max(...choice.grid.map((g) => g.recall20));
  const first = choice.grid.find((g) => g.recall20 === best)!;
  assert.deepEqual(choice.chosen, { sharpenTime: first.sharpenTime, idealWeight: first.idealWeight });
});

test('everyNth validates on the users with id ≡ 0 (mod n) only', () => {
  const every = chooseBspm(validation, new Rng(9), { grid: grid.slice(1, 2), model, everyNth: 2 });
  const kept = [...Array(validation.numUsers).keys()].map((u) =>
    u % 2 === 0 ? [...validation.test.ids.subarray(validation.test.offsets[u], validation.test.offsets[u + 1])] : [],
  );
  const offsets = Int32Array.from([0, ...kept.map((_, u) => kept.slice(0, u + 1).flat().length)]);
  const sub = { ...validation, test: { offsets, ids: Int32Array.from(kept.flat()) } };
  const m = new Bspm(validation, new Rng(9), { ...model, ...grid[1] });
  assert.ok(Math.abs(every.grid[0].recall20 - evaluateAllItems(m, sub, [20]).summary[0].recall) < 1e-12);
  m.dispose();
});
