import { it } from 'node:test';
import assert from 'node:assert/strict';
import { expectRenderedReport, type NotebookRun } from './notebook';

/**
 * The two tests every notebook's test opens with: the run has no failing cell (the message carries
 * the runner's output), and its exported report renders offline with at least `minPlots` charts.
 * Kept apart from notebook.ts, which scripts/test-defaults.ts imports outside the test runner.
 */
export function itRunsAndRendersReport(run: NotebookRun, minPlots: number): void {
  it('runs without a failing cell', () => {
    assert.equal(run.status, 'ok', `${run.error}\n${run.output}`);
  });

  it(`exports a report whose charts (at least ${minPlots}) render offline`, async () => {
    await expectRenderedReport(run, minPlots);
  });
}
