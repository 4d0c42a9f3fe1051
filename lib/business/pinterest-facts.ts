import * as path from 'node:path';
import { repoRoot } from '../io/paths';
import { PinlabInputError } from '../errors';
import { type FactRow, type RowRule, readFactTable } from './fact-table';

/**
 * How exactly the seed states a number: `approx` for "nearly"/"about", `lower-bound` for "more
 * than", `order-of-magnitude` for "millions"/"a few thousand", `none` when the row has no number.
 */
export const QUALIFIERS = ['exact', 'approx', 'lower-bound', 'order-of-magnitude', 'none'] as const;
export type Qualifier = (typeof QUALIFIERS)[number];

/** The unit that marks a timeline row as an annual ad-revenue data point. */
export const AD_REVENUE_UNIT = 'USD ad revenue per year';

const qualifier = { type: 'text', oneOf: QUALIFIERS } as const;

const TIMELINE = {
  when: { type: 'text' },
  year: { type: 'number', optional: true, integer: true, min: 1900 },
  event: { type: 'text' },
  detail: { type: 'text' },
  value: { type: 'number', optional: true, min: 0 },
  unit: { type: 'text', optional: true },
  qualifier,
} as const;

const FUNNEL = {
  stage: { type: 'text' },
  role: { type: 'text' },
  candidates_in: { type: 'number', optional: true, integer: true, min: 0 },
  candidates_out: { type: 'number', optional: true, integer: true, min: 0 },
  qualifier,
  note: { type: 'text' },
} as const;

const RANKING_MODELS = {
  family: { type: 'text' },
  example: { type: 'text', optional: true },
  detail: { type: 'text' },
} as const;

const FACTS = {
  key: { type: 'text' },
  value: { type: 'number', optional: true },
  unit: { type: 'text', optional: true },
  qualifier,
  statement: { type: 'text' },
} as const;

export type TimelineEvent = FactRow<typeof TIMELINE>;
export type FunnelStage = FactRow<typeof FUNNEL>;
export type RankingModelEra = FactRow<typeof RANKING_MODELS>;
export type BusinessFact = FactRow<typeof FACTS>;

/** A row's qualifier must say `none` exactly when it carries no number, so no number goes unqualified. */
function qualifiedNumbers<T extends { qualifier: Qualifier }>(numbers: (row: T) => (number | null)[]) {
  return (row: T) => {
    const present = numbers(row).some((v) => v !== null);
    if (present && row.qualifier === 'none')
      return { column: 'qualifier' as const, reason: "is 'none' but the row has a number" };
    if (!present && row.qualifier !== 'none')
      return { column: 'qualifier' as const, reason: `is '${row.qualifier}' but the row has no number` };
    return null;
  };
}

/** A number without a unit (or a unit without a number) cannot be read correctly. */
function unitWithValue<T extends { value: number | null; unit: string | null }>(row: T) {
  return (row.value === null) === (row.unit === null)
    ? null
    : { column: 'unit' as const, reason: 'must be given exactly when value is' };
}

/** The folder of the Pinterest fact tables: `data/pinterest` in the checkout. */
export function pinterestDataDir(): string {
  return path.join(repoRoot(), 'data', 'pinterest');
}

/** Company timeline, in file order (chronological; undated rows say when in words). */
export function loadTimeline(dir = pinterestDataDir()): TimelineEvent[] {
  const rules: RowRule<typeof TIMELINE>[] = [qualifiedNumbers((r) => [r.value]), unitWithValue];
  return readFactTable(path.join(dir, 'timeline.csv'), TIMELINE, rules);
}

/** The timeline rows that are annual ad revenue figures, for the revenue chart. */
export function adRevenuePoints(timeline: readonly TimelineEvent[]): (TimelineEvent & { value: number })[] {
  return timeline.filter((e): e is TimelineEvent & { value: number } => e.unit === AD_REVENUE_UNIT && e.value !== null);
}

/** Ads-delivery funnel stages, in serving order; candidate counts only where a seed gives them. */
export function loadFunnel(dir = pinterestDataDir()): FunnelStage[] {
  const rules: RowRule<typeof FUNNEL>[] = [qualifiedNumbers((r) => [r.candidates_in, r.candidates_out])];
  return readFactTable(path.join(dir, 'funnel.csv'), FUNNEL, rules);
}

/** Eras of Pinterest's ad ranking models, oldest first (the seeds give an order, not years). */
export function loadRankingModels(dir = pinterestDataDir()): RankingModelEra[] {
  return readFactTable(path.join(dir, 'ranking_models.csv'), RANKING_MODELS);
}

/** Keyed business and serving facts; keys are unique. */
export function loadBusinessFacts(dir = pinterestDataDir()): BusinessFact[] {
  const rules: RowRule<typeof FACTS>[] = [qualifiedNumbers((r) => [r.value]), unitWithValue];
  const facts = readFactTable(path.join(dir, 'facts.csv'), FACTS, rules);
  facts.forEach((f, i) => {
    if (facts.findIndex((g) => g.key === f.key) !== i)
      throw new PinlabInputError('facts.csv:key', `'${f.key}' appears twice`, i);
  });
  return facts;
}

/** The number of a keyed fact; throws naming the key when it is absent or has no number. */
export function factValue(facts: readonly BusinessFact[], key: string): number {
  const fact = facts.find((f) => f.key === key);
  if (!fact) throw new PinlabInputError('key', `no fact '${key}'`);
  if (fact.value === null) throw new PinlabInputError('key', `fact '${key}' has no number`);
  return fact.value;
}
