import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { PinlabInputError } from '../../lib/errors';
import { DataFrame } from 'danfojs-node';
import { table, tableOutput } from '../../lib/notebook/table';

const rows = Array.from({ length: 25 }, (_, i) => ({ id: i, score: i / 3, name: `<row ${i}>` }));

test('table output keeps every row; rows past the first page are hidden, and the caption says so', () => {
  const { html, text } = tableOutput(rows, { caption: 'Scores', maxRows: 10 });
  const trs = [...html.matchAll(/<tr( hidden)?>/g)].slice(1); // the header row first
  assert.equal(trs.length, 25);
  assert.deepEqual(
    trs.map((m) => Boolean(m[1])),
    Array.from({ length: 25 }, (_, i) => i >= 10),
  );
  assert.match(html, /data-page-rows="10"/);
  assert.match(html, /<caption[^>]*>Scores<span class="pinlab-table-note"> — first 10 of 25 rows<\/span><\/caption>/);
  assert.ok(html.includes('&lt;row 24&gt;'), 'the last row is there, escaped');
  // The plain-text form (consoles) shows the first page only.
  assert.equal(text.split('\n').length, 2 + 10);
  assert.ok(text.startsWith('Scores — first 10 of 25 rows\nid\tscore\tname'));
});

test('a rounded number keeps its exact value for sorting and CSV; exact ones do not repeat it', () => {
  const { html } = tableOutput([{ a: 1 / 3, b: 2, c: 0.5 }]);
  assert.ok(html.includes(`data-v="${String(1 / 3)}">0.3333</td>`));
  assert.ok(html.includes('>2</td>') && html.includes('>0.5</td>') && (html.match(/data-v=/g) ?? []).length === 1);
});

test('a short table has no note and no hidden rows; a bad page size is rejected naming the option', () => {
  const { html } = tableOutput([{ a: 1 }, { a: 2 }]);
  assert.ok(!html.includes('hidden') && !html.includes('pinlab-table-note') && !html.includes('<caption'));
  assert.throws(
    () => tableOutput(rows, { maxRows: 0 }),
    (e: unknown) => e instanceof PinlabInputError && /options\.maxRows/.test(String(e)),
  );
});
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
