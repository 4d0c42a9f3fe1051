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
  /**
   * Rows per page. Every row is kept in the output: reports page through them, sort them and
   * download them as CSV; a plain notebook view shows the first page. Default 20.
   */
  maxRows?: number;
}

function toGrid(data: DataFrameLike | readonly object[]): { columns: string[]; rows: unknown[][] } {
  if (Array.isArray(data)) {
    const columns: string[] = [];
    for (const r of data as Record<string, unknown>[])
      for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
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

/**
 * One cell. A number whose shown form is rounded keeps its full value in `data-v`, which the
 * report's sorting and CSV download use (scripts/report-template/pinlab/table.js).
 */
function cellHtml(v: unknown): string {
  const shown = formatValue(v);
  const exact = typeof v === 'number' && String(v) !== shown ? ` data-v="${String(v)}"` : '';
  // Jupyter's stylesheet right-aligns every cell: numbers stay right, text reads better left.
  return `<td style="text-align:${typeof v === 'number' ? 'right' : 'left'}"${exact}>${escapeHtml(shown)}</td>`;
}

/**
 * The HTML and plain-text forms of a table. All rows are in the HTML; those past the first page
 * carry `hidden`, so a view without the report's script shows one page and says how many more exist.
 */
export function tableOutput(
  data: DataFrameLike | readonly object[],
  options: TableOptions = {},
): { html: string; text: string } {
  const { columns, rows } = toGrid(data);
  const pageRows = options.maxRows ?? 20;
  if (!Number.isInteger(pageRows) || pageRows < 1) {
    throw new PinlabInputError('options.maxRows', `must be a positive integer, got ${pageRows}`);
  }
  const more = rows.length - Math.min(pageRows, rows.length);
  const note = more > 0 ? `first ${pageRows} of ${rows.length} rows` : '';
  const captionHtml = [
    options.caption ? escapeHtml(options.caption) : '',
    note ? `<span class="pinlab-table-note">${options.caption ? ' — ' : ''}${note}</span>` : '',
  ].join('');
  const head = columns.map((c) => `<th style="text-align:left">${escapeHtml(c)}</th>`).join('');
  const body = rows.map((r, i) => `<tr${i >= pageRows ? ' hidden' : ''}>${r.map(cellHtml).join('')}</tr>`).join('');
  const html =
    `<table class="pinlab-table" data-page-rows="${pageRows}" style="border-collapse:collapse;font-size:13px">` +
    (captionHtml ? `<caption style="caption-side:top;text-align:left;color:#555">${captionHtml}</caption>` : '') +
    `<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
  const caption = [options.caption, note].filter(Boolean).join(' — ');
  const shown = rows.slice(0, pageRows);
  const lines = shown.map((r) => r.map(formatValue).join('\t'));
  const text = [caption, columns.join('\t'), ...lines].filter(Boolean).join('\n');
  return { html, text };
}

/** Shows a danfo DataFrame or an array of records as an HTML table (plain text outside a kernel). */
export function table(data: DataFrameLike | readonly object[], options: TableOptions = {}): void {
  const { html, text } = tableOutput(data, options);
  emitter().show('text/html', html, text);
}
