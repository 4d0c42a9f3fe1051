import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './notebook';

/** One headline metric of a notebook (`metadata.pinlab.headline`, docs in /work RUNS-CONTRACT): its target is optional. */
export interface Headline {
  metric: string;
  label: string;
  min?: number;
  max?: number;
}

/** The notebook ids under notebooks/, in order. */
export function notebookIds(): string[] {
  return fs
    .readdirSync(path.join(ROOT, 'notebooks'))
    .filter((f) => f.endsWith('.ipynb'))
    .sort()
    .map((f) => f.replace(/\.ipynb$/, ''));
}

/** A notebook's declared headline metrics. */
export function headlineOf(id: string): Headline[] {
  const nb = JSON.parse(fs.readFileSync(path.join(ROOT, 'notebooks', `${id}.ipynb`), 'utf8')) as {
    metadata?: { pinlab?: { headline?: Headline[] } };
  };
  return nb.metadata?.pinlab?.headline ?? [];
}

/** Problems with a headline declaration: each entry names a metric and a label, and targets are numbers with min ≤ max. */
export function headlineProblems(headline: unknown): string[] {
  if (!Array.isArray(headline) || headline.length === 0) return ['no headline metrics declared'];
  return headline.flatMap((h: Partial<Headline>, i) => {
    const out: string[] = [];
    if (typeof h.metric !== 'string' || !/^[a-z0-9_]+$/.test(h.metric))
      out.push(`entry ${i}: metric must be a snake_case name, got ${JSON.stringify(h.metric)}`);
    if (typeof h.label !== 'string' || !h.label) out.push(`entry ${i}: label must be a non-empty string`);
    for (const k of ['min', 'max'] as const)
      if (h[k] !== undefined && !Number.isFinite(h[k])) out.push(`entry ${i}: ${k} must be a finite number`);
    if (h.min !== undefined && h.max !== undefined && h.min > h.max)
      out.push(`entry ${i}: min ${h.min} > max ${h.max}`);
    return out;
  });
}

/** How a run's recorded metrics compare with the headline targets: one line per missed target or missing metric. */
export function missedTargets(headline: readonly Headline[], metrics: Record<string, unknown>): string[] {
  return headline.flatMap((h) => {
    const v = metrics[h.metric];
    if (typeof v !== 'number' || !Number.isFinite(v))
      return [`${h.metric} (${h.label}): not recorded as a number (${JSON.stringify(v)})`];
    if (h.min !== undefined && !(v >= h.min)) return [`${h.metric} (${h.label}) = ${v}, below its target ${h.min}`];
    if (h.max !== undefined && !(v <= h.max)) return [`${h.metric} (${h.label}) = ${v}, above its target ${h.max}`];
    return [];
  });
}
