import { test } from 'node:test';
import assert from 'node:assert/strict';
import { claim, fmt } from '../../lib/notebook/claim';
import { PinlabInputError } from '../../lib/errors';

test('fmt writes integers with separators and other numbers with fixed decimals', () => {
  assert.equal(fmt(29858), '29,858');
  assert.equal(fmt(0.88734), '0.887');
  assert.equal(fmt(0.88734, 2), '0.89');
  assert.throws(() => fmt(NaN), PinlabInputError);
});

test("claim interpolates the run's values into the prose it shows", () => {
  const log = console.log;
  const shown: string[] = [];
  console.log = (s: string) => shown.push(s);
  try {
    const text = claim`test AUC ${0.88734} on ${1214} pairs (${'GAT'})`;
    assert.equal(text, 'test AUC 0.887 on 1,214 pairs (GAT)');
    assert.deepEqual(shown, [text]);
  } finally {
    console.log = log;
  }
});
