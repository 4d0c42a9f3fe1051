import { PinlabInputError } from '../errors';
import { emitter } from './kernel';
import { escapeHtml, formatValue } from './html';

/** The MIME type under which a notebook's key metrics are recorded; the runner extracts it. */
export const METRICS_MIME = 'application/vnd.pinlab.metrics.v1';

export type MetricValue = number | string | boolean;

/**
 * Records a notebook's key metrics (as microsoft/recommenders' scrapbook does): a machine-readable
 * output that the report runner collects for tests and the index page, plus a visible table.
 * Non-finite numbers are rejected: a NaN metric is a bug, not a result.
 */
export function recordMetrics(metrics: Record<string, MetricValue>): void {
  for (const [k, v] of Object.entries(metrics)) {
    if (typeof v === 'number' && !Number.isFinite(v))
      throw new PinlabInputError(`metrics.${k}`, `must be finite, got ${v}`);
    if (!['number', 'string', 'boolean'].includes(typeof v))
      throw new PinlabInputError(`metrics.${k}`, `must be a number, string or boolean`);
  }
  const out = emitter();
  out.show(METRICS_MIME, JSON.stringify(metrics), '');
  const rows = Object.entries(metrics)
    .map(
      ([k, v]) => `<tr><td>${escapeHtml(k)}</td><td style="text-align:right">${escapeHtml(formatValue(v))}</td></tr>`,
    )
    .join('');
  out.show(
    'text/html',
    `<table class="pinlab-metrics"><caption style="text-align:left">Recorded metrics</caption>${rows}</table>`,
    `Recorded metrics:\n${Object.entries(metrics)
      .map(([k, v]) => `  ${k} = ${formatValue(v)}`)
      .join('\n')}`,
  );
}
