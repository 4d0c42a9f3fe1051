import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkReport, reportProblems } from '../../scripts/report-check';
import { fixtureTree, reportPages, writeRun } from '../support/report-pages';

/** The traces of one chart, read back from the page's inline `Plotly.newPlot(id, traces, …)` call. */
function chartTraces(page: string, id: string): Array<Record<string, unknown>> {
  const start = page.indexOf(`newPlot(${JSON.stringify(id)},`) + `newPlot(${JSON.stringify(id)},`.length;
  for (let end = page.indexOf('],{', start); end > 0; end = page.indexOf('],{', end + 1)) {
    try {
      return JSON.parse(page.slice(start, end + 1));
    } catch {
      // a "],{" inside the traces: keep looking
    }
  }
  throw new Error(`no chart ${id}`);
}

test('a sweep charts each metric against the first parameter, a line per value of the second, with CIs', async () => {
  const tree = fixtureTree('sweep');
  const grid = { PULL: [0.5, 1, 2], DRIFT: [0, 0.3] };
  const dirs: string[] = [];
  for (const pull of grid.PULL) {
    for (const drift of grid.DRIFT) {
      const dir = `20261201T0000${dirs.length}0Z-05-demo-${dirs.length}`;
      dirs.push(dir);
      const lift = 1 + pull * (1 + drift);
      // One run failed: it is listed, not plotted.
      const failed = pull === 2 && drift === 0.3;
      writeRun(tree, {
        id: '05-demo',
        dir,
        sweep: 'ctx-1',
        status: failed ? 'failed' : 'ok',
        params: { PULL: pull, DRIFT: drift, SEED: 1 },
        changed: { PULL: pull, DRIFT: drift },
        metrics: failed ? {} : { lift, lift_lo: lift - 0.1, lift_hi: lift + 0.2, share: pull / 100, users: 500 },
      });
    }
  }
  for (const page of ['index.html', 'runs.html']) fs.writeFileSync(path.join(tree.reports, page), '<!DOCTYPE html>');
  const manifest = path.join(tree.reports, 'sweeps', 'ctx-1.json');
  const runs = [...dirs, 'never-recorded'];
  fs.writeFileSync(manifest, JSON.stringify({ id: 'ctx-1', notebook: '05-demo', grid, set: { EPOCHS: 3 }, runs }));
  const out = reportPages('report_html.render_sweep(Path(args[0]))', [manifest]); // runs/ beside reports/
  assert.equal(out, path.join(tree.reports, 'sweeps', 'ctx-1.html'));

  const page = fs.readFileSync(out, 'utf8');
  assert.equal(page.split('var define=undefined;').length - 1, 1, 'plotly is inlined once');
  const lift = chartTraces(page, 'sweep-chart-0');
  assert.deepEqual(
    lift.map((t) => t.name),
    ['DRIFT = 0', 'DRIFT = 0.3'],
  );
  assert.deepEqual(
    lift.map((t) => t.x),
    [
      [0.5, 1, 2],
      [0.5, 1],
    ],
  );
  assert.deepEqual(lift[1]!.y, [1.65, 2.3]);
  const bars = lift[0]!.error_y as { array: number[]; arrayminus: number[] };
  assert.deepEqual(
    bars.array.map((v) => Number(v.toFixed(9))),
    [0.2, 0.2, 0.2],
  );
  assert.deepEqual(
    bars.arrayminus.map((v) => Number(v.toFixed(9))),
    [0.1, 0.1, 0.1],
  );
  const share = chartTraces(page, 'sweep-chart-1');
  assert.equal(share[0]!.error_y, undefined, 'no interval where none is recorded');
  assert.ok(!page.includes('sweep-chart-2'), 'lift_lo and lift_hi are intervals, users did not vary: no more charts');

  const check = await checkReport(out, [
    'Sweep ctx-1',
    'with EPOCHS = 3',
    'Unchanged across the sweep: users = 500',
    '2 failed or unrecorded',
    'no record',
  ]);
  assert.deepEqual([...reportProblems(check), ...check.missingText], []);
  assert.equal(check.renderedPlots, 2);
  assert.deepEqual(
    check.interactions.tables.map((t) => [t.rows, t.sortsBothWays, t.csvRows]),
    [[7, true, 7]],
  );
});
