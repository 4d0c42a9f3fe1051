import * as path from 'node:path';
import type { DataFrame } from 'danfojs-node';
import { danfo } from '../data/world/frames';
import { PinlabInputError } from '../errors';
import { type FactRow, type RowRule, URL_CITATION, readFactTable } from './fact-table';
import { pinterestDataDir } from './pinterest-facts';

export const PUBLIC_METRICS = ['revenue', 'mau', 'arpu'] as const;
export const PUBLIC_REGIONS = [
  'global',
  'US and Canada',
  'Europe',
  'Rest of World',
  'United States',
  'International',
] as const;
const UNITS: Record<(typeof PUBLIC_METRICS)[number], string> = {
  revenue: 'USD millions',
  mau: 'millions of users',
  arpu: 'USD per user',
};

const PUBLIC_RECORD = {
  year: { type: 'number', integer: true, min: 2000 },
  /** FY: the fiscal year; Qn: that quarter (MAUs are counted at its end). */
  period: { type: 'text', oneOf: ['FY', 'Q1', 'Q2', 'Q3', 'Q4'] },
  metric: { type: 'text', oneOf: PUBLIC_METRICS },
  region: { type: 'text', oneOf: PUBLIC_REGIONS },
  value: { type: 'number', min: 0 },
  unit: { type: 'text' },
  qualifier: { type: 'text', oneOf: ['exact', 'approx'] },
  document: { type: 'text' },
  section: { type: 'text' },
} as const;

export type PublicFigure = FactRow<typeof PUBLIC_RECORD>;

/**
 * Pinterest's published figures (data/pinterest/public_record.csv): revenue, monthly active users
 * and revenue per user, each row naming its document, the section it was read from and the page's
 * address. Figures no retrieved page gave are absent, never estimated.
 */
export function loadPublicRecord(dir = pinterestDataDir()): PublicFigure[] {
  const unitOfMetric: RowRule<typeof PUBLIC_RECORD> = (r) =>
    r.unit === UNITS[r.metric] ? null : { column: 'unit', reason: `must be '${UNITS[r.metric]}' for ${r.metric}` };
  const rows = readFactTable(path.join(dir, 'public_record.csv'), PUBLIC_RECORD, [unitOfMetric], URL_CITATION);
  const key = (r: PublicFigure) => `${r.year} ${r.period} ${r.metric} ${r.region}`;
  rows.forEach((r, i) => {
    if (rows.findIndex((o) => key(o) === key(r)) !== i)
      throw new PinlabInputError('public_record.csv', `'${key(r)}' appears twice`, i);
  });
  return rows;
}

/**
 * One row per year with a fiscal-year revenue: revenue (USD M), its growth on the previous listed
 * year, and the global MAUs at the year's fourth quarter where published — a danfojs merge of the
 * two series on the year (left: a year without published MAUs keeps its row, with an empty MAU cell).
 */
export function annualFrame(record: readonly PublicFigure[]): DataFrame {
  const dfd = danfo();
  const revenue = record
    .filter((r) => r.metric === 'revenue' && r.period === 'FY' && r.region === 'global')
    .sort((a, b) => a.year - b.year);
  const mau = record.filter((r) => r.metric === 'mau' && r.period === 'Q4' && r.region === 'global');
  const growth = revenue.map((r, i) =>
    i > 0 && revenue[i - 1].year === r.year - 1 ? r.value / revenue[i - 1].value - 1 : NaN,
  );
  const revenueFrame = new dfd.DataFrame({
    year: revenue.map((r) => r.year),
    'revenue (USD M)': revenue.map((r) => r.value),
    'revenue growth': growth,
  });
  const mauFrame = new dfd.DataFrame({ year: mau.map((r) => r.year), 'MAU at Q4 (M)': mau.map((r) => r.value) });
  return dfd.merge({ left: revenueFrame, right: mauFrame, on: ['year'], how: 'left' });
}
