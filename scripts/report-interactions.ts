/**
 * Clicks through a page's navigation in Chromium: the table of contents, the code toggle and every
 * sortable table (sort both ways, next page, CSV download). Used by report-check.ts. Page code is
 * passed as strings: this project's typecheck has no DOM types, on purpose.
 */
import type { Page } from 'playwright-core';

export interface TocCheck {
  entries: number;
  /** Clicking the last entry brought its heading into view and into the address. */
  navigates: boolean;
}

export interface CodeToggleCheck {
  cells: number;
  /** One click hid every code input (leaving a summary per cell), a second showed them all. */
  hidesAndShows: boolean;
  /** What the first folded cell shows instead of its code. */
  firstSummary: string;
}

export interface TableCheck {
  rows: number;
  /** Rows visible before any click: one page. */
  visible: number;
  /** The column sorted (null when every column holds one value throughout). */
  sortedColumn: number | null;
  /** The first click sorted that column ascending over all rows, the second descending. */
  sortsBothWays: boolean;
  /** With more than one page, "next" showed the rows after the first page (null with one page). */
  pages: boolean | null;
  /** Data lines of the downloaded CSV (all rows, whatever the page). */
  csvRows: number;
}

export interface InteractionCheck {
  /** Null when the page has no table of contents. */
  toc: TocCheck | null;
  headings: number;
  /** Null when the page has no code toggle. */
  codeToggle: CodeToggleCheck | null;
  codeCells: number;
  tables: TableCheck[];
}

const VISIBLE = `(e) => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length)`;

async function checkToc(page: Page): Promise<TocCheck | null> {
  const links = page.locator('#pinlab-toc a');
  const entries = await links.count();
  if (!entries) return null;
  const last = links.nth(entries - 1);
  const target = (await last.getAttribute('href')) ?? '';
  await last.click();
  // As the browser does: the fragment names an id as written, else percent-decoded.
  const navigates = (await page.evaluate(`(() => {
    const id = ${JSON.stringify(target.slice(1))};
    const h = document.getElementById(id) || document.getElementById(decodeURIComponent(id));
    if (!h || decodeURIComponent(location.hash) !== decodeURIComponent('#' + id)) return false;
    const r = h.getBoundingClientRect();
    return r.top >= -1 && r.top < window.innerHeight;
  })()`)) as boolean;
  return { entries, navigates };
}

async function checkCodeToggle(page: Page, cells: number): Promise<CodeToggleCheck | null> {
  const toggle = page.locator('#pinlab-code-toggle');
  if (!(await toggle.count())) return null;
  const count = (selector: string) =>
    page.evaluate(
      `[...document.querySelectorAll(${JSON.stringify(selector)})].filter(${VISIBLE}).length`,
    ) as Promise<number>;
  const editors = '.jp-CodeCell .jp-InputArea-editor';
  await toggle.click();
  const hidden = (await count(editors)) === 0 && (await count('.pinlab-fold-summary')) === cells;
  const firstSummary = (await page.locator('.pinlab-fold-summary').first().innerText()).trim();
  await toggle.click();
  const shown = (await count(editors)) === cells && (await count('.pinlab-fold-summary')) === 0;
  return { cells, hidesAndShows: hidden && shown, firstSummary };
}

/** Cell values (data-v, else text) of one column over all rows in their current order, and the visible rows. */
function tableState(index: number, column: number): string {
  return `(() => {
    const t = document.querySelectorAll('table.pinlab-table')[${index}];
    const rows = [...t.tBodies[0].rows];
    const value = (r) => {
      const c = r.cells[${column}];
      return !c ? '' : c.hasAttribute('data-v') ? c.getAttribute('data-v') : c.textContent.trim();
    };
    return { values: rows.map(value), visible: rows.filter((r) => !r.hidden).map((r) => rows.indexOf(r)) };
  })()`;
}

/**
 * Whether values are in order, written independently of table.js: empty cells last in both
 * directions, numbers numerically before text, text in natural order. Evaluated in the page, so
 * text compares with the browser's own collation.
 */
const ORDERED = `(values, ascending) => {
  const num = (s) => (s !== '' && Number.isFinite(Number(s)) ? Number(s) : null);
  const cmp = (a, b) => {
    const x = num(a), y = num(b);
    if (x !== null && y !== null) return x - y;
    if (x !== null || y !== null) return x !== null ? -1 : 1;
    return a.localeCompare(b, undefined, { numeric: true });
  };
  return values.every((v, i) => {
    if (i === 0 || v === '') return true;
    const prev = values[i - 1];
    return prev !== '' && (ascending ? cmp(prev, v) : cmp(v, prev)) <= 0;
  });
}`;

function ordered(page: Page, values: string[], ascending: boolean): Promise<boolean> {
  return page.evaluate(`(${ORDERED})(${JSON.stringify(values)}, ${ascending})`) as Promise<boolean>;
}

async function checkTable(page: Page, index: number): Promise<TableCheck> {
  const table = page.locator('table.pinlab-table').nth(index);
  const bar = page.locator('.pinlab-table-bar').nth(index);
  const columns = await table.locator('thead th').count();
  let sortedColumn: number | null = null;
  let initial = { values: [] as string[], visible: [] as number[] };
  for (let c = 0; c < columns && sortedColumn === null; c++) {
    initial = (await page.evaluate(tableState(index, c))) as typeof initial;
    if (new Set(initial.values).size > 1) sortedColumn = c;
  }
  const rows = initial.values.length;
  let sortsBothWays = false;
  if (sortedColumn !== null) {
    const th = table.locator('thead th').nth(sortedColumn);
    await th.click();
    const up = (await page.evaluate(tableState(index, sortedColumn))) as typeof initial;
    await th.click();
    const down = (await page.evaluate(tableState(index, sortedColumn))) as typeof initial;
    const marked = (await th.getAttribute('aria-sort')) === 'descending';
    const both = (await ordered(page, up.values, true)) && (await ordered(page, down.values, false));
    sortsBothWays = both && marked && up.values.length === rows;
  }
  let pages: boolean | null = null;
  const pageRows = initial.visible.length;
  if (rows > pageRows) {
    await bar.locator('.pinlab-table-next').click();
    const after = (await page.evaluate(tableState(index, 0))) as typeof initial;
    pages = after.visible[0] === pageRows && after.visible.length === Math.min(pageRows, rows - pageRows);
  }
  const [download] = await Promise.all([page.waitForEvent('download'), bar.locator('.pinlab-table-csv').click()]);
  const stream = await download.createReadStream();
  let csv = '';
  for await (const chunk of stream) csv += String(chunk);
  const csvRows = csv.split('\r\n').filter(Boolean).length - 1;
  return { rows, visible: pageRows, sortedColumn, sortsBothWays, pages, csvRows };
}

export async function checkInteractions(page: Page): Promise<InteractionCheck> {
  const headings = await page.locator('.jp-MarkdownCell h1, .jp-MarkdownCell h2, .jp-MarkdownCell h3').count();
  const codeCells = await page.locator('.jp-CodeCell .jp-InputArea-editor').count();
  const toc = await checkToc(page);
  const codeToggle = await checkCodeToggle(page, codeCells);
  const tables: TableCheck[] = [];
  const count = await page.locator('table.pinlab-table').count();
  for (let i = 0; i < count; i++) tables.push(await checkTable(page, i));
  return { toc, headings, codeToggle, codeCells, tables };
}

/** What does not work, for reportProblems. */
export function interactionProblems(c: InteractionCheck): string[] {
  return [
    c.headings && !c.toc ? `${c.headings} headings but no table of contents` : '',
    c.toc && !c.toc.navigates ? 'the table of contents does not navigate to its headings' : '',
    c.codeCells && !c.codeToggle ? `${c.codeCells} code cells but no code toggle` : '',
    c.codeToggle && !c.codeToggle.hidesAndShows ? 'the code toggle does not hide and show all code' : '',
    ...c.tables.flatMap((t, i) => [
      t.sortedColumn !== null && !t.sortsBothWays
        ? `table ${i + 1} does not sort column ${t.sortedColumn + 1} both ways`
        : '',
      t.pages === false ? `table ${i + 1}: "next" does not show the next page` : '',
      t.csvRows !== t.rows ? `table ${i + 1}: CSV has ${t.csvRows} rows, the table ${t.rows}` : '',
    ]),
  ].filter(Boolean);
}
