import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tableOutput } from '../../lib/notebook/table';
import { checkReport, reportProblems } from '../../scripts/report-check';
import { fixtureTree, reportPages, type FixtureTree } from '../support/report-pages';

/** An executed notebook as nbformat JSON: headings, code cells and two tables, no kernel needed. */
function executedNotebook(): unknown {
  const rows = Array.from({ length: 45 }, (_, i) => ({
    rank: i + 1,
    score: Math.round((((i * 37) % 45) * 1000) / 7) / 1000,
    ad: `ad ${(i * 11) % 45}`,
  }));
  const big = tableOutput(rows, { caption: 'Ranked ads', maxRows: 20 });
  // An empty cell sorts last both ways.
  const small = tableOutput([
    { k: 'b', v: 2 },
    { k: '', v: 4 },
    { k: 'a', v: 1 },
    { k: 'c', v: 3 },
  ]);
  const md = (source: string) => ({ cell_type: 'markdown', metadata: {}, source });
  const code = (n: number, source: string, outputs: unknown[] = []) => ({
    cell_type: 'code',
    execution_count: n,
    metadata: {},
    source,
    outputs,
  });
  const display = (html: string, text: string) => ({
    output_type: 'display_data',
    metadata: {},
    data: { 'text/html': html, 'text/plain': text },
  });
  const filler = Array.from({ length: 60 }, (_, i) => `Paragraph ${i}: filler, sections far apart.`).join('\n\n');
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } },
    cells: [
      md('# 09 · Report fixture\n\nA notebook exported without a kernel.'),
      code(1, "import { table } from 'pinlab';\nconst N = 45;"),
      md(`## 1. A big table\n\n${filler}`),
      code(2, 'table(rows, { caption: "Ranked ads" });', [display(big.html, big.text)]),
      md('### 1.1 A small table'),
      code(3, 'table(small);', [display(small.html, small.text)]),
      md(`## 2. The end · Q&A\n\n${filler}`),
    ],
  };
}

/** Exports the fixture notebook headed by `record` to `out`, with the links as the runner passes them. */
function exportReport(tree: FixtureTree, record: object, out: string, links: Record<string, string> = {}): void {
  const nbFile = path.join(tree.root, 'nb.ipynb');
  fs.writeFileSync(nbFile, JSON.stringify(executedNotebook()));
  reportPages(
    'Path(args["out"]).write_text(report_html.to_html(' +
      '__import__("nbformat").read(args["nb"], as_version=4), args["record"], **args["links"]))',
    { nb: nbFile, out, record, links },
  );
}

const RECORD = {
  schema: 1,
  id: '09-fixture',
  dir: '20261201T000000Z-09-fixture-1a2b3c4d',
  status: 'ok',
  git: { commit: 'feedc0ffee1234567890', dirty: true },
  changed: { EPOCHS: 3, SCALE: 0.5 },
  env: { tf_backend: 'wasm', threads: 2, node: 'v20.19.0' },
  started: '2026-12-01T00:00:00Z',
  finished: '2026-12-01T00:02:05Z',
  seconds: 125,
};

test('a report: header from the run record, contents, code toggle, tables sorted, paged and downloaded', async () => {
  const tree = fixtureTree('report');
  const runDir = path.join(tree.runs, RECORD.dir);
  fs.mkdirSync(runDir);
  fs.writeFileSync(path.join(runDir, '09-fixture.ipynb'), '{}');
  fs.writeFileSync(path.join(tree.reports, 'index.html'), '<!DOCTYPE html><title>index</title>');
  // As the runner writes it: into the run folder, beside the executed notebook, and (a default run) into reports/.
  const inRun = path.join(runDir, '09-fixture.html');
  exportReport(tree, RECORD, inRun, { index_href: '../../reports/index.html' });
  const html = path.join(tree.reports, '09-fixture.html');
  exportReport(tree, RECORD, html, { ipynb_href: `../runs/${RECORD.dir}/09-fixture.ipynb` });
  const header = ['feedc0ffee', '+ uncommitted changes', 'EPOCHS = 3', 'SCALE = 0.5', 'wasm', '2 min 05 s'];
  const check = await checkReport(html, header);
  assert.deepEqual(reportProblems(check), []);
  assert.deepEqual(check.missingText, []);
  const { toc, codeToggle, tables } = check.interactions;
  assert.deepEqual(toc, { entries: 4, navigates: true }, 'an entry per heading (h1, 2 × h2, h3); the last navigates');
  // The first cell is `import { table } from 'pinlab';` and `const N = 45;`.
  const firstSummary = '▸ code hidden (2 lines) — click to show';
  assert.deepEqual(codeToggle, { cells: 3, hidesAndShows: true, firstSummary });
  assert.equal(tables.length, 2);
  assert.deepEqual(tables[0], {
    rows: 45,
    visible: 20,
    sortedColumn: 0,
    sortsBothWays: true,
    pages: true,
    csvRows: 45,
  });
  assert.deepEqual(tables[1], { rows: 4, visible: 4, sortedColumn: 0, sortsBothWays: true, pages: null, csvRows: 4 });
  const page = fs.readFileSync(html, 'utf8');
  const ipynb = 'href="../runs/20261201T000000Z-09-fixture-1a2b3c4d/09-fixture.ipynb" download>';
  assert.ok(page.includes(ipynb), 'the executed notebook, from reports/');
  assert.ok(!/<script[^>]+src=/.test(page), 'every script is inline');
  const fromRun = await checkReport(inRun);
  assert.deepEqual(reportProblems(fromRun), [], 'no broken link from the run folder either');
  assert.ok(fs.readFileSync(inRun, 'utf8').includes('href="09-fixture.ipynb" download>'), 'the notebook beside it');
});

test('a report headed by a record without provenance fields still renders, showing what it has', async () => {
  const tree = fixtureTree('report');
  const html = path.join(tree.reports, '09-fixture.html');
  exportReport(tree, { id: '09-fixture', status: 'failed', error: 'cell 3: Error: boom', seconds: 1.25 }, html);
  fs.writeFileSync(path.join(tree.reports, 'index.html'), '<!DOCTYPE html><title>index</title>');
  const check = await checkReport(html, ['FAILED', 'cell 3: Error: boom', '1.2 s']);
  assert.deepEqual(check.missingText, []);
  assert.deepEqual(check.pageErrors, []);
  const page = fs.readFileSync(html, 'utf8');
  assert.ok(page.includes('data-status="failed"'));
  assert.ok(!page.includes('executed .ipynb'), 'no link to a notebook the record does not name');
  assert.ok(!page.includes('<b>commit</b>') && !page.includes('<b>parameters</b>'), 'absent fields are left out');
});
