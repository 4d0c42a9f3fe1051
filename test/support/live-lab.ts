import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ROOT } from './notebook';

/** A running `npm run lab` server (scripts/lab.sh) with its own Jupyter folders and token. */
export interface Lab {
  url: string;
  token: string;
  /** Jupyter's runtime folder: every kernel's command line names its connection file in it. */
  runtimeDir: string;
  tmp: string;
  server: ChildProcess;
  log: () => string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts scripts/lab.sh on a free localhost port with a random token, in its own process group
 * (so stopLab can end the whole group) and with Jupyter's config, data and runtime folders in a
 * temporary folder (the user's own Jupyter settings neither apply nor change).
 */
export async function startLab(timeoutMs = 60_000): Promise<Lab> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-lab-'));
  const port = await freePort();
  const token = randomBytes(16).toString('hex');
  const runtimeDir = path.join(tmp, 'runtime');
  const env = {
    ...process.env,
    JUPYTER_RUNTIME_DIR: runtimeDir,
    JUPYTER_DATA_DIR: path.join(tmp, 'data'),
    JUPYTER_CONFIG_DIR: path.join(tmp, 'config'),
  };
  const args = [
    'scripts/lab.sh',
    '--no-browser',
    '--ip=127.0.0.1',
    `--port=${port}`,
    '--NotebookApp.port_retries=0',
    `--NotebookApp.token=${token}`,
  ];
  const server = spawn('bash', args, { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  server.stdout!.on('data', (d) => (log += d));
  server.stderr!.on('data', (d) => (log += d));
  const lab: Lab = { url: `http://127.0.0.1:${port}`, token, runtimeDir, tmp, server, log: () => log };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && server.exitCode === null) {
    try {
      if ((await fetch(`${lab.url}/api/status?token=${token}`)).ok) return lab;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stopLab(lab);
  throw new Error(`npm run lab did not answer within ${timeoutMs} ms (exit ${server.exitCode}):\n${log}`);
}

/** Processes whose command line mentions `needle` (the kernels Jupyter started for this lab). */
export function processesMentioning(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle)) pids.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops the lab, leaving no process behind: asks Jupyter to shut its kernels down, ends the
 * server's process group (TERM, then KILL), then kills any kernel still naming the lab's runtime
 * folder — Jupyter starts kernels in sessions of their own, outside the server's group.
 */
export async function stopLab(lab: Lab): Promise<void> {
  const pgid = lab.server.pid!;
  try {
    const kernels = (await (await fetch(`${lab.url}/api/kernels?token=${lab.token}`)).json()) as { id: string }[];
    const shutDown = (id: string) => fetch(`${lab.url}/api/kernels/${id}?token=${lab.token}`, { method: 'DELETE' });
    await Promise.all(kernels.map((k) => shutDown(k.id)));
  } catch {
    // The server is already down: the kernels are found below.
  }
  for (const [signal, waitMs] of [
    ['SIGTERM', 5000],
    ['SIGKILL', 2000],
  ] as const) {
    if (!groupAlive(pgid)) break;
    process.kill(-pgid, signal);
    for (let t = 0; t < waitMs && groupAlive(pgid); t += 100) await new Promise((r) => setTimeout(r, 100));
  }
  for (const pid of processesMentioning(lab.runtimeDir)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  fs.rmSync(lab.tmp, { recursive: true, force: true });
}

/** Headless Debian Chromium with a fresh profile and no background traffic. */
export function openBrowser(profileDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.PINLAB_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Page code (a string: the typecheck has no DOM types, on purpose) turning one rendered markdown
 * element into comparable text: each formula becomes ⟦its TeX⟧ whichever renderer typeset it
 * (MathJax 2 keeps the source in a script tag; KaTeX in an annotation), heading anchors go, and
 * whitespace is dropped (the two markdown parsers lay out block tags differently).
 */
const NORMALISE = `(el) => {
  const c = el.cloneNode(true);
  const tex = (s) => '⟦' + s.replace(/\\s+/g, '') + '⟧';
  c.querySelectorAll('script[type^="math/tex"]').forEach((s) => s.replaceWith(tex(s.textContent)));
  c.querySelectorAll('.katex-display, .katex').forEach((k) => {
    if (!c.contains(k)) return; // inside a display formula already replaced
    const a = k.querySelector('annotation[encoding="application/x-tex"]');
    k.replaceWith(tex(a ? a.textContent : '?'));
  });
  c.querySelectorAll('.MathJax_Preview, .MathJax, .MathJax_Display, .MathJax_CHTML, .MathJax_SVG, .MJX_Assistive_MathML, '
    + '.anchor-link')
    .forEach((e) => e.remove());
  return c.textContent.replace(/\\s+/g, '');
}`;

/** The live notebook's markdown cells, each normalised, after MathJax has typeset the page. */
export async function liveMarkdown(page: Page): Promise<string[]> {
  await page.waitForFunction('window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded', undefined, {
    timeout: 30_000,
  });
  await page.evaluate('new Promise((done) => MathJax.Hub.Queue(done))');
  return (await page.evaluate(`Jupyter.notebook.get_cells().filter((c) => c.cell_type === 'markdown')
    .map((c) => (${NORMALISE})(c.element[0].querySelector('.text_cell_render')))`)) as string[];
}

/** An exported report's markdown cells, each normalised, after KaTeX has typeset the page. */
export async function reportMarkdown(page: Page): Promise<string[]> {
  return (await page.evaluate(`Array.from(document.querySelectorAll('.jp-MarkdownCell .jp-RenderedMarkdown'))
    .map((el) => (${NORMALISE})(el))`)) as string[];
}

/**
 * Exports every notebook's report as committed (no outputs: markdown needs no kernel) with the
 * report runner's own exporter, into `dir`; returns the files by notebook name.
 */
export async function exportUnexecutedReports(dir: string): Promise<Record<string, string>> {
  const script = `import sys, nbformat
sys.path.insert(0, 'scripts')
from pathlib import Path
import notebooks, report_html
from atomic_file import write_atomic
for p in sorted(notebooks.NOTEBOOKS.glob('[0-9][0-9]-*.ipynb')):
    page = report_html.to_html(nbformat.read(p, as_version=4), {'id': p.stem, 'status': 'ok'})
    write_atomic(Path(sys.argv[1]) / (p.stem + '.html'), page)
    print(p.stem)`;
  const python = process.env.PINLAB_PYTHON ?? '/usr/bin/python3';
  // Asynchronous, so the export overlaps the lab's start-up.
  const r = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(python, ['-c', script, dir], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
  if (r.status !== 0) throw new Error(`exporting the reports failed: ${r.stderr}`);
  return Object.fromEntries(
    r.stdout
      .trim()
      .split('\n')
      .map((id) => [id, path.join(dir, `${id}.html`)]),
  );
}

/**
 * Formulas in normalised text whose source reads as prose — a run of six or more letters outside
 * \text{…} and not a command — the trace of a dollar amount taken for a math delimiter.
 */
export function strayMath(normalised: string): string[] {
  return [...normalised.matchAll(/⟦([^⟧]*)⟧/g)]
    .map((m) => m[1])
    .filter((t) => /(^|[^\\a-zA-Z])[a-zA-Z]{6,}/.test(t.replace(/\\(text|mathrm|operatorname|textbf)\{[^}]*\}/g, '')));
}
