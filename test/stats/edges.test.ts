import { test } from 'node:test';
import assert from 'node:assert/strict';
import { throwsInput } from '../support/throws-input';
import { bootstrapCI } from '../../lib/stats/bootstrap';
import { Rng } from '../../lib/random/rng';

test('bootstrapCI: zero denominators are a typed error, never an infinite or NaN bound', () => {
  const values = Float64Array.from({ length: 10 }, (_, i) => (i === 0 ? 1 : 0));
  throwsInput(
    () => bootstrapCI(values, new Rng(1), { denominators: new Float64Array(10) }),
    'denominators',
    /sum to 0/,
  );
  // One nonzero denominator among ten: about a third of resamples miss it, so their ratio is undefined.
  const one = Float64Array.from({ length: 10 }, (_, i) => (i === 0 ? 1 : 0));
  throwsInput(
    () => bootstrapCI(values, new Rng(1), { denominators: one }),
    'denominators',
    /drew only zero denominators: 1 of 10/,
  );
  // Zeros with enough nonzero denominators are fine: a ratio with finite bounds.
  const den = Float64Array.from({ length: 200 }, (_, i) => (i % 2 ? 0 : 1));
  const num = Float64Array.from({ length: 200 }, (_, i) => (i % 4 === 0 ? 1 : 0));
  const ci = bootstrapCI(num, new Rng(1), { denominators: den, resamples: 300 });
  assert.equal(ci.estimate, 0.5);
  assert.ok(
    Number.isFinite(ci.lower) && Number.isFinite(ci.upper) && ci.lower < 0.5 && ci.upper > 0.5,
    JSON.stringify(ci),
  );
  throwsInput(() => bootstrapCI(Float64Array.of(1e308, 1e308), new Rng(1)), 'values', /overflows/);
});
