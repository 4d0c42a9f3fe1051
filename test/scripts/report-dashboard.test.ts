import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkReport, reportProblems } from '../../scripts/report-check';
import { fixtureTree, reportPages, writeRun, type FixtureTree } from '../support/report-pages';

const HEADLINE = [
  { metric: 'test_auc', label: 'test AUC' },
  { metric: 'auc_gap', label: 'gap to Bayes-optimal', max: 0.03 },
  { metric: 'recall20', label: 'Recall@20', min: 0.05 },
  { metric: 'lift', label: 'Recall@K lift', min: 3, max: 10 },
  { metric: 'coverage', label: 'coverage', min: 0.5, max: 1 },
  { metric: 'roas', label: 'ROAS change', min: 0.007 },
];

const DESCRIPTION =
  'How a visual pinboard became an advertising business, how an ad reaches a user (the delivery funnel), how ' +
  'the models that rank ads have changed, and which business metrics better relevance moves. Every fact comes ' +
  'from `data/pinterest/*.csv`, each row citing the seed document it is taken from; numbers the seeds do not ' +
  'give are marked **illustrative**.';
const SHORT = 'Facts from data/pinterest/*.csv, marked **illustrative** where _no_ seed gives them (see `a_b`).';

function notebookFile(tree: FixtureTree, name: string, headline: unknown[] | null): string {
  const file = path.join(tree.root, `${name}.ipynb`);
  const metadata = headline ? { pinlab: { headline } } : {};
  fs.writeFileSync(file, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata, cells: [] }));
  return file;
}

/** Five runs of 05-demo (three default ones that succeeded, one failed, one with a changed parameter) and a sweep. */
function buildDashboard(): { tree: FixtureTree; index: string } {
  const tree = fixtureTree('dashboard');
  const results = {
    '05-demo': {
      id: '05-demo',
      file: notebookFile(tree, '05-demo', HEADLINE),
      title: '05 · Demo',
      description: DESCRIPTION,
      status: 'ok',
      error: '',
      seconds: 61.2,
      finished: '2026-12-01 00:09 UTC',
      // 0.03 sits on its maximum (met), 0.049 just under its minimum (missed), 1.2 under [3, 10] (missed),
      // 0.75 inside [0.5, 1] (met), roas not recorded (missing), test_auc has no target.
      metrics: {
        test_auc: 0.72,
        auc_gap: 0.03,
        recall20: 0.049,
        lift: 1.2,
        lift_lo: 1.1,
        lift_hi: 1.31,
        coverage: 0.75,
        extra: 'x',
      },
    },
    '01-plain': {
      id: '01-plain',
      file: notebookFile(tree, '01-plain', null),
      title: '01 · Plain',
      description: SHORT,
      status: 'failed',
      error: 'cell 2: Error: boom',
      seconds: 3,
      finished: '2026-12-01 00:01 UTC',
      metrics: {},
    },
  };
  const run = (i: number, fields: Record<string, unknown>) =>
    writeRun(tree, {
      id: '05-demo',
      dir: `2026120${i}T000000Z-05-demo-0000000${i}`,
      started: `2026-12-0${i}T00:00:00Z`,
      ...fields,
    });
  run(1, { metrics: { test_auc: 0.7, auc_gap: 0.05 } });
  run(2, { status: 'failed', failed_cell: 4, metrics: {} });
  run(3, { changed: { SCALE: 2 }, params: { SCALE: 2 }, metrics: { test_auc: 0.9, auc_gap: 0.01 } });
  run(4, { metrics: { test_auc: 0.71, auc_gap: 0.04 } });
  const latest = run(5, { metrics: { test_auc: 0.72, auc_gap: 0.03 } });
  fs.writeFileSync(path.join(latest, '05-demo.ipynb'), '{}');
  const sweep = { id: 'scale-1', notebook: '05-demo', grid: { SCALE: [1, 2] }, runs: [] };
  fs.writeFileSync(path.join(tree.reports, 'sweeps', 'scale-1.json'), JSON.stringify(sweep));
  // The pages the dashboard links to (the report check fails on a broken link).
  for (const page of ['05-demo.html', '01-plain.html', 'sweeps/scale-1.html']) {
    fs.writeFileSync(path.join(tree.reports, page), '<!DOCTYPE html>');
  }
  fs.mkdirSync(path.join(tree.reports, 'compare'));
  fs.writeFileSync(path.join(tree.reports, 'compare', 'run-a--run-b.html'), '<!DOCTYPE html>');
  const resultsFile = path.join(tree.root, 'results.json');
  fs.writeFileSync(resultsFile, JSON.stringify(results));
  reportPages('report_html.write_index(Path(args[0]), json.loads(Path(args[1]).read_text()), Path(args[2]))', [
    tree.reports,
    resultsFile,
    tree.runs,
  ]);
  return { tree, index: path.join(tree.reports, 'index.html') };
}

function attr(tag: string, name: string): string | undefined {
  return new RegExp(`${name}="([^"]*)"`).exec(tag)?.[1];
}

test('the dashboard marks headline metrics met or missed against inclusive targets, and a missing one missing', () => {
  const { index } = buildDashboard();
  const page = fs.readFileSync(index, 'utf8');
  const rows = [...page.matchAll(/<tr data-metric="[^"]*" data-verdict="[^"]*">/g)];
  const marks = Object.fromEntries(rows.map(([tag]) => [attr(tag, 'data-metric'), attr(tag, 'data-verdict')]));
  assert.deepEqual(marks, {
    test_auc: 'none',
    auc_gap: 'met',
    recall20: 'missed',
    lift: 'missed',
    coverage: 'met',
    roas: 'missing',
  });
  assert.ok(page.includes('<p id="targets"><b>Targets:</b> 2 met, 2 missed, 1 not recorded</p>'), 'the tally');
  for (const target of ['target ≤ 0.03', 'target ≥ 0.05', 'target 3 – 10']) assert.ok(page.includes(target), target);
  const withInterval = /data-metric="lift"[^]*?1\.2 <span class="muted small">\[1\.1, 1\.31\]<\/span>/;
  assert.match(page, withInterval, 'a value with its interval');
});

test('sparklines follow successful default runs; a card links report, history, sweep and notebook', async () => {
  const { tree, index } = buildDashboard();
  const page = fs.readFileSync(index, 'utf8');
  const card = page.slice(page.indexOf('id="nb-05-demo"'));
  const spark = (metric: string) =>
    /<svg class="spark"[^>]*data-points="(\d+)"><title>([^<]*)<\/title>/.exec(card.slice(card.indexOf(`"${metric}"`)));
  // Runs 1, 4 and 5: not the failed run 2, not run 3 with SCALE changed.
  assert.equal(spark('test_auc')?.[1], '3');
  assert.match(spark('test_auc')![2], /3 default-parameter runs, oldest to newest: 0\.7 … 0\.72/);
  // 120 × 28 px, 3 px padding: 0.70, 0.71, 0.72 rise from the bottom left to the top right.
  const auc = card.slice(card.indexOf('"test_auc"'));
  assert.match(auc, /<polyline points="3\.0,25\.0 60\.0,14\.0 117\.0,3\.0"\/><circle cx="117\.0" cy="3\.0"/);
  assert.match(card, /data-metric="roas"[^]*?0 runs/, 'no points for a metric never recorded');
  assert.ok(card.includes('href="05-demo.html"'), 'the default report');
  assert.ok(card.includes('href="runs.html#05-demo">run history (5)'), 'the run history');
  assert.ok(card.includes('href="sweeps/scale-1.html"'), 'the sweep');
  const ipynb = 'href="../runs/20261205T000000Z-05-demo-00000005/05-demo.ipynb" download';
  assert.ok(card.includes(ipynb), "the newest default run's executed notebook");
  // A long description is cut after a whole word, its code span whole.
  const desc = /<div class="desc">([^]*?)<\/div>/.exec(card)![1]!;
  assert.ok(desc.includes('<code>data/pinterest/*.csv</code>') && desc.endsWith(' …'), desc);
  const shown = desc.replace(/<\/?code>/g, '').slice(0, -2);
  const raw = DESCRIPTION.replace(/`/g, '');
  assert.ok(raw.startsWith(shown) && raw[shown.length] === ' ' && shown.length <= 240, desc);
  // A short one keeps stars and underscores that are not emphasis, and drops the emphasis markers.
  const plain = /<div class="desc">([^]*?)<\/div>/.exec(page.slice(page.indexOf('id="nb-01-plain"')))![1]!;
  const expected =
    'Facts from data/pinterest/*.csv, marked illustrative where no seed gives them (see <code>a_b</code>).';
  assert.equal(plain, expected);

  const checked = await checkReport(index, ['05 · Demo', '✓ met', '✗ missed', '✗ not recorded']);
  assert.deepEqual([...reportProblems(checked), ...checked.missingText], []);
  const runsPage = path.join(tree.reports, 'runs.html');
  const runs = await checkReport(runsPage, ['20261203T000000Z-05-demo-00000003', 'SCALE=2', 'Comparisons (1)']);
  assert.ok(fs.readFileSync(runsPage, 'utf8').includes('<a href="compare/run-a--run-b.html">run-a vs run-b</a>'));
  assert.deepEqual([...reportProblems(runs), ...runs.missingText], []);
  const tables = runs.interactions.tables.map((t) => [t.rows, t.sortsBothWays, t.csvRows]);
  assert.deepEqual(tables, [[5, true, 5]], 'one table of the five runs; 01-plain has none');
});
