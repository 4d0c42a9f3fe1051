import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseOptions } from '../../scripts/cli-options';
import { spread } from '../../bench/support/timing';
import { PinlabInputError } from '../../lib/errors';

const spec = {
  heads: { default: 1, help: 'heads' },
  engine: { default: 'tf', help: 'engine' },
  world: { default: false, help: 'flag' },
};

test('parseOptions: defaults, numbers, strings and bare flags', () => {
  assert.deepEqual(parseOptions(spec, []), { heads: 1, engine: 'tf', world: false });
  assert.deepEqual(parseOptions(spec, ['--heads', '4', '--world', '--engine', 'js']), {
    heads: 4,
    engine: 'js',
    world: true,
  });
});

test('parseOptions: an unknown option, a missing or non-numeric value, a stray argument each throw naming it', () => {
  assert.throws(
    () => parseOptions(spec, ['--head', '4']),
    (e: PinlabInputError) => e.field === '--head' && /unknown option/.test(e.message),
  );
  assert.throws(
    () => parseOptions(spec, ['--heads']),
    (e: PinlabInputError) => e.field === '--heads' && /needs a value/.test(e.message),
  );
  assert.throws(
    () => parseOptions(spec, ['--heads', 'four']),
    (e: PinlabInputError) => /must be a number/.test(e.message),
  );
  assert.throws(() => parseOptions(spec, ['--heads', '--world']), /needs a value/);
  assert.throws(
    () => parseOptions(spec, ['gat']),
    (e: PinlabInputError) => e.field === 'argv' && e.index === 0,
  );
  assert.throws(() => parseOptions({}, ['--anything']), /unknown option \(options: none\)/);
});

test('spread: median (mean of the middle two for even counts), min and max', () => {
  assert.deepEqual(spread([3, 1, 2]), { median: 2, min: 1, max: 3 });
  assert.deepEqual(spread([4, 1, 3, 2]), { median: 2.5, min: 1, max: 4 });
  assert.throws(() => spread([]));
});
