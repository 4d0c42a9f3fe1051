/**
 * Opens every report of the last `npm run reports` in headless Chromium, offline, and fails unless
 * each successful notebook's plots all drew and nothing needed the network.
 *   node --import tsx scripts/check-reports.ts [reports-folder]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkReport, reportProblems } from './report-check';

async function main(): Promise<number> {
  const dir = path.resolve(process.argv[2] ?? 'reports');
  const results = JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8')) as Record<string, { status: string }>;
  let bad = 0;
  for (const [id, r] of Object.entries(results)) {
    if (r.status !== 'ok') continue;
    const c = await checkReport(path.join(dir, `${id}.html`));
    const problems = reportProblems(c);
    bad += problems.length ? 1 : 0;
    console.log(`[check] ${id}: ${problems.length ? `PROBLEMS: ${problems.join('; ')}` : `ok (${c.renderedPlots} plots, ${c.math} formulas, offline)`}`);
  }
  return bad ? 1 : 0;
}

main().then((code) => process.exit(code));
