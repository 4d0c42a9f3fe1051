import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkReport, reportProblems } from '../../scripts/report-check';
import { fixtureTree, reportPages, writeRun } from '../support/report-pages';

test('a comparison shows parameter and metric differences, whether intervals overlap, time per cell', async () => {
  const tree = fixtureTree('compare');
  const a = writeRun(tree, {
    id: '05-demo',
    dir: '20261201T000000Z-05-demo-aaaaaaaa',
    params: { PULL: 0.5, DRIFT: 0, SEED: 1 },
    metrics: { lift: 1.1, lift_lo: 1.0, lift_hi: 1.2, share: 0.01, share_lo: 0.005, share_hi: 0.015, verdict: 'no' },
    cell_seconds: [null, 0.4, 2.0, null, 10.0],
  });
  const b = writeRun(tree, {
    id: '05-demo',
    dir: '20261201T010000Z-05-demo-bbbbbbbb',
    params: { PULL: 2, DRIFT: 0, SEED: 1 },
    git: { commit: 'fedcba9876543210', dirty: true },
    metrics: { lift: 1.15, lift_lo: 1.1, lift_hi: 1.3, share: 0.03, share_lo: 0.02, share_hi: 0.04, verdict: 'no' },
    cell_seconds: [null, 0.5, 1.0, null, 30.0],
  });
  const code = (source: string) => ({ cell_type: 'code', metadata: {}, source, outputs: [], execution_count: 1 });
  const md = { cell_type: 'markdown', metadata: {}, source: '# t' };
  fs.writeFileSync(
    path.join(a, '05-demo.ipynb'),
    JSON.stringify({
      nbformat: 4,
      nbformat_minor: 4,
      metadata: {},
      cells: [md, code("import { x } from 'pinlab';"), code('const PULL = 0.5;'), md, code('train();\nmore();')],
    }),
  );
  const target = path.join(tree.root, 'cmp', 'a-b.html');
  const out = reportPages('report_html.render_compare(Path(args[0]), Path(args[1]), Path(args[2]))', [a, b, target]);
  const page = fs.readFileSync(out, 'utf8');
  const params = /<table class="plain" id="parameter-differences">([^]*?)<\/table>/.exec(page)![1]!;
  assert.ok(params.includes('PULL') && !params.includes('DRIFT') && !params.includes('SEED'), 'only PULL differs');
  const row = (metric: string) => new RegExp(`<tr><td>${metric}</td>([^]*?)</tr>`).exec(page)![1]!;
  const lift = /1\.1 \[1, 1\.2\][^]*1\.15 \[1\.1, 1\.3\][^]*>yes<\/td>$/;
  assert.match(row('lift'), lift, '[1, 1.2] and [1.1, 1.3] overlap');
  assert.match(row('share'), />no<\/td>$/, '[0.005, 0.015] and [0.02, 0.04] do not');
  assert.ok(!page.includes('<tr><td>lift_lo</td>'), 'bounds are shown with their metric');
  const cell4 = /<code>train\(\);<\/code>[^]*?>10<\/td><td class="num">30<\/td><td class="num">3<\/td>/;
  assert.match(page, cell4, 'cell 4: 10 s against 30 s, ×3');

  const check = await checkReport(out, ['Comparing two runs', 'fedcba9876 (dirty)']);
  assert.deepEqual([...reportProblems(check), ...check.missingText], []);
  const tables = check.interactions.tables.map((t) => [t.rows, t.sortsBothWays]);
  assert.deepEqual(
    tables,
    [
      [3, true],
      [3, true],
    ],
    'metrics and cells',
  );
});
