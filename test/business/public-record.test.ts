import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { annualFrame, loadPublicRecord } from '../../lib/business/public-record';
import { PinlabInputError } from '../../lib/errors';

const record = loadPublicRecord();

test('the public record: every figure cites its document, section and page', () => {
  assert.ok(record.length >= 20);
  for (const r of record) {
    assert.match(r.source, /^https?:\/\//);
    assert.ok(r.document.length > 10 && r.section.length > 5, `${r.year} ${r.metric}`);
  }
  const years = record.filter((r) => r.metric === 'revenue' && r.period === 'FY').map((r) => r.year);
  assert.deepEqual(years, [2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025]);
});

test('annualFrame: revenue growth agrees with the growth each release states', () => {
  const df = annualFrame(record);
  const rows = df.values as number[][];
  const col = (name: string) => rows.map((r) => r[df.columns.indexOf(name)]);
  const year = col('year');
  const growth = (y: number) => Math.round(100 * col('revenue growth')[year.indexOf(y)]);
  // "grew 51%" (2019), "grew 48%" (2020), "up 52%" (2021), "increased 9%" (2022, 2023), "19%" (2024), "up 16%" (2025).
  assert.deepEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025].map(growth), [51, 48, 52, 9, 9, 19, 16]);
  assert.ok(Number.isNaN(col('revenue growth')[0]), 'no growth for the first year');
  const mau = col('MAU at Q4 (M)');
  assert.deepEqual(mau.slice(1), [335, 459, 431, 450, 498, 553, 619]);
  assert.ok(mau[0] === undefined || mau[0] === null || Number.isNaN(mau[0]), '2018 MAUs are not in the record');
});

test('loadPublicRecord rejects a wrong unit, a missing address and a duplicate, naming the column', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-public-'));
  const header = 'year,period,metric,region,value,unit,qualifier,document,section,source';
  const row = (unit: string, source: string) =>
    `2019,FY,revenue,global,1142.761,${unit},exact,Some results release,Highlights,${source}`;
  const write = (...rows: string[]) =>
    fs.writeFileSync(path.join(dir, 'public_record.csv'), [header, ...rows].join('\n'));
  const field = (name: string) => (e: unknown) => e instanceof PinlabInputError && e.field === name;
  write(row('millions of users', 'https://example.org/a'));
  assert.throws(() => loadPublicRecord(dir), field('public_record.csv:unit'));
  write(row('USD millions', 'seeds/001'));
  assert.throws(() => loadPublicRecord(dir), field('public_record.csv:source'));
  write(row('USD millions', 'https://example.org/a'), row('USD millions', 'https://example.org/b'));
  assert.throws(() => loadPublicRecord(dir), field('public_record.csv'));
  fs.rmSync(dir, { recursive: true });
});
