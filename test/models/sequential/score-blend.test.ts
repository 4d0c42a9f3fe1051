import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PinlabInputError } from '../../../lib/errors';
import type { NextItemScorer } from '../../../lib/metrics/next-item';
import { blendRows, blendVariants, ScoreBlend } from '../../../lib/models/sequential/score-blend';

/** A scorer whose row for a history is f(history's last item, item), counting its calls. */
function scorer(f: (last: number, item: number) => number, items = 4): NextItemScorer & { calls: number } {
  const s = {
    calls: 0,
    scoreAll(histories: readonly Int32Array[]) {
      s.calls++;
      const out = new Float32Array(histories.length * items);
      histories.forEach((h, r) => {
        for (let i = 0; i < items; i++) out[r * items + i] = f(h[h.length - 1], i);
      });
      return out;
    },
  };
  return s;
}

test('blendRows: Σ w_m · rows_m, element by element', () => {
  const a = Float32Array.from([1, 2, 3]);
  const b = Float32Array.from([10, -20, 0.5]);
  assert.deepEqual(Array.from(blendRows([a, b], [1, 0.5])), [6, -8, 3.25]);
  assert.deepEqual(Array.from(blendRows([a, b], [0, 2])), [20, -40, 1]);
});

test('a blend ranks by the weighted sum: the weight moves the top item from one member to the other', async () => {
  const likesNext = scorer((last, i) => (i === (last + 1) % 4 ? 2 : 0));
  const likesThree = scorer((_, i) => (i === 3 ? 3 : 0));
  const h = [Int32Array.from([0])];
  const argmax = (row: Float32Array) => row.indexOf(Math.max(...row));
  assert.equal(argmax(await new ScoreBlend([likesNext, likesThree], [1, 0.5]).scoreAll(h)), 1);
  assert.equal(argmax(await new ScoreBlend([likesNext, likesThree], [1, 1]).scoreAll(h)), 3);
});

test('blendVariants: every weight vector from one scoring pass, each equal to its ScoreBlend', async () => {
  const a = scorer((last, i) => Math.sin(last + 3 * i));
  const b = scorer((last, i) => Math.cos(2 * last - i));
  const vectors = [
    [1, 0.125],
    [1, 2],
    [0.3, -1],
  ];
  const h = [Int32Array.from([0, 2]), Int32Array.from([3])];
  const blocks = await blendVariants([a, b], vectors)(h);
  assert.equal(a.calls + b.calls, 2);
  for (const [i, w] of vectors.entries()) assert.deepEqual(blocks[i], await new ScoreBlend([a, b], w).scoreAll(h));
});

test('a blend refuses no members, a weight count that does not match and a weight that is not finite', () => {
  const a = scorer(() => 0);
  const refuses = (f: () => unknown, field: string) =>
    assert.throws(f, (e: unknown) => e instanceof PinlabInputError && e.field === field);
  refuses(() => new ScoreBlend([], []), 'members');
  refuses(() => new ScoreBlend([a, a], [1]), 'weights');
  refuses(() => new ScoreBlend([a], [NaN]), 'weights');
  refuses(() => blendVariants([a, a], [[1, 2], [1]]), 'weights');
  refuses(() => blendRows([Float32Array.of(1), Float32Array.of(1, 2)], [1, 1]), 'scores');
});
