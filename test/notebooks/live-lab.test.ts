import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { ROOT } from '../support/notebook';
import {
  exportUnexecutedReports, liveMarkdown, openBrowser, processesMentioning, reportMarkdown, startLab, stopLab, strayMath,
  type Lab,
} from '../support/live-lab';

// `npm run lab` as a researcher uses it: Jupyter's page in Chromium, cells run from the menu.
const notebooksDir = path.join(ROOT, 'notebooks');
const checkpoints = path.join(notebooksDir, '.ipynb_checkpoints');
const digest = () => fs.readdirSync(notebooksDir).filter((f) => f.endsWith('.ipynb')).sort()
  .map((f) => `${f}:${createHash('sha1').update(fs.readFileSync(path.join(notebooksDir, f))).digest('hex')}`).join();

/** Where two normalised texts part, with some context, for a readable failure. */
function divergence(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `live   …${a.slice(Math.max(0, i - 60), i + 80)}\n    report …${b.slice(Math.max(0, i - 60), i + 80)}`;
}

describe('npm run lab in Chromium', () => {
  let lab: Lab | undefined;
  let browser: BrowserContext | undefined;
  let reports: Record<string, string> = {};
  const reportsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-lab-reports-'));
  const before0 = digest();
  const hadCheckpoints = fs.existsSync(checkpoints);

  before(async () => {
    // Both settle before anything is thrown, so a lab that started is known to the after hook and
    // stopped even when the export failed (a running server would otherwise hold the test open).
    const [started, exported] = await Promise.allSettled([
      startLab().then((l) => (lab = l)),
      exportUnexecutedReports(reportsDir),
    ]);
    if (started.status === 'rejected') throw started.reason;
    if (exported.status === 'rejected') throw exported.reason;
    reports = exported.value;
    browser = await openBrowser(path.join(started.value.tmp, 'chromium-profile'));
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    fs.rmSync(reportsDir, { recursive: true, force: true });
    if (!lab) return;
    const { runtimeDir, server } = lab;
    await stopLab(lab);
    assert.deepEqual(processesMentioning(runtimeDir), [], 'a kernel of the lab outlived it');
    assert.throws(() => process.kill(-server.pid!, 0), 'the lab server\'s process group outlived it');
    // Running cells in the page must not save outputs into the committed notebooks.
    assert.equal(digest(), before0, 'a notebook changed');
    // Jupyter makes this folder on opening a notebook; nothing was saved, so it is empty.
    if (!hadCheckpoints) fs.rmdirSync(checkpoints);
  });

  it('renders each notebook\'s markdown cells as its report does, with no dollar amount read as math', async () => {
    const problems: string[] = [];
    const compare = async ([id, file]: [string, string]) => {
      const page = await browser!.newPage();
      // Markdown needs no kernel: refusing the session request keeps Jupyter from starting one.
      await page.route('**/api/sessions*', (route) => route.abort());
      await page.goto(`${lab!.url}/notebooks/${id}.ipynb?token=${lab!.token}`);
      const live = await liveMarkdown(page);
      await page.unroute('**/api/sessions*');
      await page.goto(`file://${file}`, { waitUntil: 'load' });
      const report = await reportMarkdown(page);
      await page.close();
      assert.ok(live.length > 0, `${id}: no markdown cells found in the live page`);
      if (live.length !== report.length) {
        problems.push(`${id}: ${live.length} markdown cells live, ${report.length} in the report`);
      }
      live.forEach((text, i) => {
        if (text !== report[i]) {
          problems.push(`${id} markdown cell ${i + 1}:\n    ${divergence(text, report[i] ?? '')}`);
        }
        for (const t of strayMath(text)) problems.push(`${id} markdown cell ${i + 1}: prose typeset as math: ${t}`);
      });
    };
    // Two notebooks at a time: the machine has two cores.
    const pending = Object.entries(reports);
    await Promise.all([0, 1].map(async () => {
      for (let next = pending.shift(); next; next = pending.shift()) await compare(next);
    }));
    assert.deepEqual(problems.sort(), []);
  });

  it('runs notebook 02 from the Cell menu: kernel idle, plots and formulas rendered, no cell failed', async () => {
    const page = await browser!.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(`${lab!.url}/notebooks/02-auction-theory.ipynb?token=${lab!.token}`);
    await page.waitForFunction('window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded && ' +
      'Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected()', undefined, { timeout: 30_000 });
    // Autosave would write the outputs into the committed notebook.
    await page.evaluate('Jupyter.notebook.set_autosave_interval(0)');
    await page.click('#celllink');
    await page.click('#run_all_cells > a');
    const finished = `Jupyter.notebook.get_cells().every((c) => c.cell_type !== 'code' || c.get_text().trim() === ''
      || typeof c.input_prompt_number === 'number')
      && document.querySelector('#kernel_indicator_icon.kernel_idle_icon') !== null`;
    await page.waitForFunction(finished, undefined, { timeout: 45_000, polling: 250 });
    const drawn = await page.locator('.output_area .pinlab-plot .main-svg').count();
    const formulas = await page.locator('.text_cell_render .MathJax, .text_cell_render .MathJax_Display').count();
    const mathErrors = await page.locator('.MathJax_Error, .MathJax merror').count();
    const errors = await page.locator('.output_error').allInnerTexts();
    const stderr = (await page.locator('.output_stderr').allInnerTexts()).filter((t) => /error/i.test(t));
    await page.close();
    assert.ok(drawn >= 1, `no plotly plot drew an SVG (${drawn})`);
    assert.ok(formulas >= 10, `only ${formulas} formulas typeset`);
    assert.equal(mathErrors, 0);
    assert.deepEqual([...errors, ...stderr, ...pageErrors], []);
  });
});
