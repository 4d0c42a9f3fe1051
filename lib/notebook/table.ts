import { PinlabInputError } from '../errors';
import { emitter } from './kernel';
import { escapeHtml, formatValue } from './html';

/** Anything with named columns and row-major values: a danfo DataFrame satisfies it. */
export interface DataFrameLike {
  columns: string[];
  values: unknown[] | unknown[][];
  /** Row labels; shown as a first column unless they are just 0, 1, 2, … (as after describe()). */
  index?: readonly (string | number)[];
}

export interface TableOptions {
  caption?: string;
  /** Rows shown (head); the caption says how many were left out. Default 20. */
  maxRows?: number;
}

function toGrid(data: DataFrameLike | readonly object[]): { columns: string[]; rows: unknown[][] } {
  if (Array.isArray(data)) {
    const columns: string[] = [];
    for (const r of data as Record<string, unknown>[]) for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
    return { columns, rows: (data as Record<string, unknown>[]).map((r) => columns.map((c) => r[c])) };
  }
  const df = data as DataFrameLike;
  if (!Array.isArray(df.columns) || !Array.isArray(df.values)) {
    throw new PinlabInputError('data', 'expected a DataFrame (columns + values) or an array of records');
  }
  // A danfo Series-like frame with one column may hold a flat values array.
  const rows = df.values.map((r) => (Array.isArray(r) ? r : [r]));
  const index = df.index;
  if (!index || index.every((label, i) => label === i)) return { columns: df.columns, rows };
  return { columns: ['', ...df.columns], rows: rows.map((r, i) => [index[i], ...r]) };
}

/** Shows a danfo DataFrame or an array of records as an HTML table (plain text outside a kernel). */
export function table(data: DataFrameLike | readonly object[], options: TableOptions = {}): void {
  const { columns, rows } = toGrid(data);
  const maxRows = options.maxRows ?? 20;
  const shown = rows.slice(0, maxRows);
  const more = rows.length - shown.length;
  const caption = [options.caption, more > 0 ? `first ${shown.length} of ${rows.length} rows` : ''].filter(Boolean).join(' — ');
  const head = columns.map((c) => `<th style="text-align:left">${escapeHtml(c)}</th>`).join('');
  const body = shown
    // Jupyter's stylesheet right-aligns every cell: numbers stay right, text reads better left.
    .map((r) => `<tr>${r.map((v) => `<td style="text-align:${typeof v === 'number' ? 'right' : 'left'}">${escapeHtml(formatValue(v))}</td>`).join('')}</tr>`)
    .join('');
  const htmlTable =
    `<table class="pinlab-table" style="border-collapse:collapse;font-size:13px">` +
    (caption ? `<caption style="caption-side:top;text-align:left;color:#555">${escapeHtml(caption)}</caption>` : '') +
    `<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
  const text = [caption, columns.join('\t'), ...shown.map((r) => r.map(formatValue).join('\t'))].filter(Boolean).join('\n');
  emitter().show('text/html', htmlTable, text);
}
