/**
 * Opens every report of the last `npm run reports` in headless Chromium, offline, and fails unless
 * each successful notebook's plots all drew, its navigation and tables work, and nothing needed the
 * network; then the same for the dashboard, the run history and every sweep page.
 *   node --import tsx scripts/check-reports.ts [reports-folder]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkReport, reportProblems } from './report-check';

async function main(): Promise<number> {
  const dir = path.resolve(process.argv[2] ?? 'reports');
  const results = JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8')) as Record<
    string,
    { status: string }
  >;
  const pages = Object.entries(results)
    .filter(([, r]) => r.status === 'ok')
    .map(([id]) => `${id}.html`);
  const sweepDir = path.join(dir, 'sweeps');
  const sweeps = fs.existsSync(sweepDir) ? fs.readdirSync(sweepDir).filter((f) => f.endsWith('.html')) : [];
  pages.push(...['index.html', 'runs.html'].filter((f) => fs.existsSync(path.join(dir, f))));
  pages.push(...sweeps.map((f) => `sweeps/${f}`));
  let bad = 0;
  for (const file of pages) {
    const c = await checkReport(path.join(dir, file));
    const problems = reportProblems(c);
    bad += problems.length ? 1 : 0;
    const tables = c.interactions.tables.length;
    const summary = `ok (${c.renderedPlots} plots, ${c.math} formulas, ${tables} tables, offline)`;
    console.log(`[check] ${file}: ${problems.length ? `PROBLEMS: ${problems.join('; ')}` : summary}`);
  }
  return bad ? 1 : 0;
}

main().then((code) => process.exit(code));
