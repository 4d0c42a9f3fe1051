import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootstrapCI } from '../../lib/stats/bootstrap';
import { PinlabInputError } from '../../lib/errors';
import { Rng } from '../../lib/random/rng';

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('bootstrap CI: deterministic per seed, degenerate for constants, near the normal interval for a mean', () => {
  const c = bootstrapCI(new Float64Array(50).fill(0.25), new Rng(1), { resamples: 200 });
  assert.deepEqual([c.estimate, c.lower, c.upper], [0.25, 0.25, 0.25]);
  const g = new Rng(7);
  const x = Float64Array.from({ length: 400 }, () => g.normal());
  const a = bootstrapCI(x, new Rng(3), { resamples: 2000 });
  const b = bootstrapCI(x, new Rng(3), { resamples: 2000 });
  assert.deepEqual(a, b);
  let m = 0,
    v = 0;
  for (const xi of x) m += xi / x.length;
  for (const xi of x) v += (xi - m) ** 2 / (x.length - 1);
  const half = 1.96 * Math.sqrt(v / x.length);
  close(a.estimate, m);
  close(a.lower, m - half, 0.15 * half);
  close(a.upper, m + half, 0.15 * half);
});

test('bootstrap ratio of sums (global recall) uses the denominators', () => {
  const hits = Float64Array.from([1, 0, 2, 3]);
  const pos = Float64Array.from([2, 1, 2, 5]);
  const r = bootstrapCI(hits, new Rng(5), { denominators: pos, resamples: 500, level: 0.9 });
  close(r.estimate, 6 / 10);
  assert.ok(r.lower <= r.estimate && r.estimate <= r.upper && r.lower >= 0 && r.upper <= 1);
  assert.throws(() => bootstrapCI(hits, new Rng(5), { denominators: new Float64Array(3) }), PinlabInputError);
});
