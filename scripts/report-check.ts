import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { checkInteractions, interactionProblems, type InteractionCheck } from './report-interactions';

export interface ReportCheck {
  plots: number;
  renderedPlots: number;
  /** Formulas typeset by KaTeX in the browser. */
  math: number;
  mathErrors: number;
  pageErrors: string[];
  /** Requests to anything but the report file itself and inline data: a report must need none. */
  externalRequests: string[];
  /** Those of the `expectText` strings the rendered page does not show. */
  missingText: string[];
  /** Links (as resolved by the browser) to local files that do not exist. */
  brokenLinks: string[];
  /** The table of contents, code toggle and tables, each clicked through. */
  interactions: InteractionCheck;
}

const CHROMIUM = process.env.PINLAB_CHROMIUM ?? '/usr/bin/chromium';

function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // Flags for a closed network: no background connections, no sandbox as root.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Opens an exported report (or a dashboard, sweep or comparison page) in headless Chromium with
 * every non-file request blocked, and counts the plots that actually drew an SVG, KaTeX errors,
 * page errors and attempted network requests; then clicks through its table of contents, code
 * toggle and tables (report-interactions.ts).
 * Each call has its own browser, closed before it returns, so no caller can leave one running.
 */
export async function checkReport(htmlFile: string, expectText: string[] = []): Promise<ReportCheck> {
  const browser = await launch();
  const page = await browser.newPage();
  const externalRequests: string[] = [];
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
    externalRequests.push(url);
    return route.abort();
  });
  try {
    await page.goto(`file://${htmlFile}`, { waitUntil: 'load' });
    const plots = await page.locator('.pinlab-plot').count();
    // Plots draw asynchronously after the bundle loads. (Page code as strings: this project's
    // typecheck has no DOM types, on purpose.)
    const drawn = `document.querySelectorAll('.pinlab-plot > .plot-container .main-svg:first-child').length`;
    await page.waitForFunction(`${drawn} >= ${plots}`, undefined, { timeout: 20000 }).catch(() => undefined);
    const renderedPlots = (await page.evaluate(drawn)) as number;
    const math = await page.locator('.katex').count();
    const mathErrors = await page.locator('.katex-error').count();
    const shown = (await page.evaluate('document.body.innerText')) as string;
    const missingText = expectText.filter((t) => !shown.includes(t));
    const links = (await page.evaluate(`[...document.querySelectorAll('a[href]')].map((a) => a.href)`)) as string[];
    const brokenLinks = [...new Set(links.filter((u) => u.startsWith('file:')).map((u) => u.split('#')[0]!))].filter(
      (u) => !fs.existsSync(fileURLToPath(u)),
    );
    const interactions = await checkInteractions(page);
    return {
      plots,
      renderedPlots,
      math,
      mathErrors,
      pageErrors,
      externalRequests,
      missingText,
      brokenLinks,
      interactions,
    };
  } finally {
    await browser.close();
  }
}

/** What is wrong with a checked report (empty when it rendered fully offline). */
export function reportProblems(check: ReportCheck): string[] {
  return [
    check.renderedPlots < check.plots ? `only ${check.renderedPlots} of ${check.plots} plots rendered an SVG` : '',
    check.mathErrors ? `${check.mathErrors} LaTeX errors` : '',
    ...check.pageErrors.map((e) => `page error: ${e}`),
    ...check.externalRequests.map((u) => `network request: ${u}`),
    ...check.brokenLinks.map((u) => `broken link: ${u}`),
    ...interactionProblems(check.interactions),
  ].filter(Boolean);
}
