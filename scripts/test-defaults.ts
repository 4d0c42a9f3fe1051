// npm run test:defaults [-- 04 06]: runs every notebook (or those named, by number or name) at its
// default parameters on a fresh kernel, as `npm run reports` does, and checks each headline metric
// (metadata.pinlab.headline) against its declared target. Slow (the notebooks' full sizes), so not
// part of `npm test`. Exits non-zero naming every failed notebook and missed target.
import { runNotebook } from '../test/support/notebook';
import { headlineOf, missedTargets, notebookIds } from '../test/support/headline';

const wanted = process.argv.slice(2);
const ids = notebookIds().filter(
  (id) => wanted.length === 0 || wanted.some((w) => id === w || id.startsWith(`${w}-`) || id.split('-')[0] === w),
);
if (ids.length === 0) {
  console.error(`test:defaults: no notebook matches ${wanted.join(' ')} (known: ${notebookIds().join(', ')})`);
  process.exit(2);
}
let failed = 0;
for (const id of ids) {
  const started = Date.now();
  const run = runNotebook(id, {}, { timeoutSeconds: 7200 });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const problems =
    run.status === 'ok'
      ? missedTargets(headlineOf(id), run.metrics)
      : [`failed in cell ${run.failed_cell}: ${run.error}`];
  for (const h of headlineOf(id)) {
    const target = [h.min !== undefined ? `≥ ${h.min}` : '', h.max !== undefined ? `≤ ${h.max}` : '']
      .filter(Boolean)
      .join(', ');
    console.log(`  ${id} · ${h.label}: ${JSON.stringify(run.metrics[h.metric])}${target ? ` (target ${target})` : ''}`);
  }
  console.log(
    `${problems.length ? 'FAIL' : 'ok  '} ${id} at its defaults in ${seconds} s${problems.map((p) => `\n    ${p}`).join('')}`,
  );
  if (problems.length) failed++;
}
process.exit(failed ? 1 : 0);
