import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { annualFrame, loadPublicRecord, missingAnnualFigures } from '../../lib/business/public-record';
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

test('regional MAUs add up to the global count, and regional ARPUs weighted by them come near the global ARPU', () => {
  const value = (year: number, metric: string, region: string) =>
    record.find((r) => r.year === year && r.period === 'Q4' && r.metric === metric && r.region === region)?.value;
  for (const year of [2023, 2024, 2025]) {
    const regions = ['US and Canada', 'Europe', 'Rest of World'];
    const mau = regions.map((g) => value(year, 'mau', g)!);
    assert.ok(Math.abs(mau.reduce((a, b) => a + b) - value(year, 'mau', 'global')!) <= 1, `${year}`);
    const mix = regions.reduce((s, g, i) => s + value(year, 'arpu', g)! * mau[i], 0) / mau.reduce((a, b) => a + b);
    assert.ok(Math.abs(mix / value(year, 'arpu', 'global')! - 1) < 0.05, `${year}: ${mix}`);
  }
});

test('loadPublicRecord rejects regional MAUs that miss the global count and ARPUs far from the global one', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-public-'));
  const header = 'year,period,metric,region,value,unit,qualifier,document,section,source';
  const row = (metric: string, region: string, value: number) =>
    `2024,Q4,${metric},${region},${value},${metric === 'mau' ? 'millions of users' : 'USD per user'},exact,` +
    'Some results release,Highlights,https://example.org/a';
  const mau = (rest: number) => [
    row('mau', 'global', 553),
    row('mau', 'US and Canada', 101),
    row('mau', 'Europe', 145),
    row('mau', 'Rest of World', rest),
  ];
  const arpu = (europe: number) => [
    row('arpu', 'global', 2.12),
    row('arpu', 'US and Canada', 9),
    row('arpu', 'Europe', europe),
    row('arpu', 'Rest of World', 0.19),
  ];
  const write = (rows: string[]) => fs.writeFileSync(path.join(dir, 'public_record.csv'), [header, ...rows].join('\n'));
  const field = (e: unknown) => e instanceof PinlabInputError && e.field === 'public_record.csv:value';
  write([...mau(307), ...arpu(1.38)]);
  assert.equal(loadPublicRecord(dir).length, 8);
  write([...mau(308), ...arpu(1.38)]); // off by one: rounding
  assert.equal(loadPublicRecord(dir).length, 8);
  write([...mau(309), ...arpu(1.38)]);
  assert.throws(() => loadPublicRecord(dir), field);
  write([...mau(307), ...arpu(13.8)]); // a misplaced decimal point
  assert.throws(() => loadPublicRecord(dir), field);
  fs.rmSync(dir, { recursive: true });
});

test('missingAnnualFigures lists exactly the year-end MAUs and annual ARPUs that no row gives', () => {
  const missing = missingAnnualFigures(record, 2018, 2025);
  const has = (year: number, metric: string, region: string) =>
    missing.some((m) => m.year === year && m.metric === metric && m.region === region);
  assert.ok(has(2018, 'mau', 'global'), 'no 2018 year-end MAUs in the record');
  assert.ok(!has(2019, 'mau', 'global'));
  assert.ok(!has(2023, 'mau', 'Europe') && !has(2024, 'mau', 'Rest of World'));
  assert.ok(has(2022, 'mau', 'Europe'));
  const present = record.filter((r) => r.metric === 'arpu' && r.period === 'FY').length;
  assert.equal(missing.filter((m) => m.metric === 'arpu').length, 8 * 4 - present);
  assert.equal(
    missing.length,
    8 * 2 * 4 -
      record.filter(
        (r) =>
          r.year >= 2018 &&
          r.year <= 2025 &&
          ((r.metric === 'mau' && r.period === 'Q4') || (r.metric === 'arpu' && r.period === 'FY')) &&
          ['global', 'US and Canada', 'Europe', 'Rest of World'].includes(r.region),
      ).length,
  );
});
