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
  checkRegionsAddUp(rows);
  return rows;
}

/** The ways Pinterest has split its users: the three regions of today, and the older US / International split. */
export const REGION_PARTITIONS = [
  ['US and Canada', 'Europe', 'Rest of World'],
  ['United States', 'International'],
] as const;
/** Regional MAUs are rounded to the million, so their sum may miss the global figure by this much. */
const MAU_SUM_TOLERANCE = 1;
/**
 * Global ARPU is revenue over the period's average MAUs; weighting regional ARPUs by period-end MAUs
 * approximates it, within a few percent when users grow by a few percent a quarter.
 */
const ARPU_MIX_TOLERANCE = 0.05;

/**
 * For each period with a global figure and every region of one partition: the regional MAUs must
 * add up to the global MAUs, and the regional ARPUs weighted by those MAUs must come near the global
 * ARPU. A mistyped or misread row then fails at load time instead of drawing a wrong chart.
 */
function checkRegionsAddUp(rows: readonly PublicFigure[]): void {
  const find = (r: PublicFigure, metric: string, region: string) =>
    rows.find((o) => o.year === r.year && o.period === r.period && o.metric === metric && o.region === region);
  for (const global of rows.filter((r) => r.metric === 'mau' && r.region === 'global')) {
    for (const parts of REGION_PARTITIONS) {
      const mau = parts.map((region) => find(global, 'mau', region));
      if (mau.some((m) => m === undefined)) continue;
      const sum = mau.reduce((s, m) => s + m!.value, 0);
      if (Math.abs(sum - global.value) > MAU_SUM_TOLERANCE)
        throw new PinlabInputError(
          'public_record.csv:value',
          `${global.period} ${global.year} MAUs of ${parts.join(', ')} add up to ${sum}, not the global ${global.value}`,
        );
      const arpu = parts.map((region) => find(global, 'arpu', region));
      const globalArpu = find(global, 'arpu', 'global');
      if (globalArpu === undefined || arpu.some((a) => a === undefined)) continue;
      const mix = arpu.reduce((s, a, i) => s + a!.value * mau[i]!.value, 0) / sum;
      if (Math.abs(mix / globalArpu.value - 1) > ARPU_MIX_TOLERANCE)
        throw new PinlabInputError(
          'public_record.csv:value',
          `${global.period} ${global.year} regional ARPUs weighted by MAUs give ${mix.toFixed(2)}, ` +
            `not near the global ${globalArpu.value}`,
        );
    }
  }
}

/**
 * What the record lacks for fiscal years `from`–`to`: each (year, metric, region) of the issue's
 * annual tables — year-end MAUs and ARPU, globally and per region of today's split — that no row
 * gives, so a notebook can state its gaps from the data rather than in typed prose.
 */
export function missingAnnualFigures(
  record: readonly PublicFigure[],
  from: number,
  to: number,
): { year: number; metric: 'mau' | 'arpu'; region: string }[] {
  const regions = ['global', ...REGION_PARTITIONS[0]];
  const missing: { year: number; metric: 'mau' | 'arpu'; region: string }[] = [];
  for (let year = from; year <= to; year++)
    for (const metric of ['mau', 'arpu'] as const)
      for (const region of regions) {
        // Year-end MAUs are the Q4 count; an annual ARPU is the fiscal year's.
        const period = metric === 'mau' ? 'Q4' : 'FY';
        if (!record.some((r) => r.year === year && r.period === period && r.metric === metric && r.region === region))
          missing.push({ year, metric, region });
      }
  return missing;
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
