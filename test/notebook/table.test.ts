import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { DataFrame } from 'danfojs-node';
import { table } from '../../lib/notebook/table';

/** table()'s plain-text form, printed outside a kernel. */
function shown(t: TestContext, run: () => void): string {
  const log = t.mock.method(console, 'log');
  run();
  return log.mock.calls.map((c) => c.arguments.join(' ')).join('\n');
}

test('table accepts records and danfo DataFrames alike', (t) => {
  const records = [
    { a: 1, b: 'x' },
    { a: 2, b: 'y' },
  ];
  const fromRecords = shown(t, () => table(records, { caption: 'c' }));
  const fromFrame = shown(t, () => table(new DataFrame(records), { caption: 'c' }));
  assert.equal(fromFrame, fromRecords);
  assert.match(fromRecords, /^c\na\tb\n1\tx\n2\ty$/);
});

test("table shows a DataFrame's row labels when they are not 0, 1, 2, …", (t) => {
  const described = new DataFrame({ v: [1, 2, 3, 4] }).describe();
  const out = shown(t, () => table(described));
  assert.match(out, /^\tv\ncount\t4\nmean\t2\.5\n/);
});
