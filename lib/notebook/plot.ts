import * as fs from 'node:fs';
import { emitter } from './kernel';
import { scriptJson } from './html';

/** A plotly.js trace (https://plotly.com/javascript/reference/): `{ type: 'scatter', x, y, … }`. */
export type PlotTrace = Record<string, unknown>;
/** A plotly.js layout; `height` (px) also sizes the container. */
export type PlotLayout = Record<string, unknown> & { title?: unknown; height?: number };

let bundleInlined = false;
let plotCount = 0;

/**
 * The plotly.js bundle as an inline script, wrapped so its UMD header sees no AMD `define`
 * (classic Jupyter pages load require.js) and always sets `window.Plotly`.
 */
function bundleScript(): string {
  const src = fs.readFileSync(require.resolve('plotly.js-dist-min'), 'utf8').replace(/<\/script/gi, '<\\/script');
  return `<script>(function(){var define=undefined;\n${src}\n})();</script>`;
}

/**
 * plotly.js 3 dropped string titles (`title: 'x'` renders nothing): lift every string `title` in
 * the layout (figure, axes, colour bars) to `{ text }` so both spellings work.
 */
function liftTitles(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(liftTitles);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k] = k === 'title' && typeof v === 'string' ? { text: v } : liftTitles(v);
  return out;
}

/** Typed arrays serialise as objects by default; plotly wants arrays. */
function plain(_key: string, v: unknown): unknown {
  return ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as unknown as ArrayLike<number>) : v;
}

function titleText(layout: PlotLayout): string {
  const t = layout.title;
  if (typeof t === 'string') return t;
  if (t && typeof t === 'object' && typeof (t as { text?: unknown }).text === 'string')
    return (t as { text: string }).text;
  return 'untitled';
}

/**
 * Shows an interactive plotly chart. The plotly bundle is inlined into the first chart of each
 * kernel session, so exported reports are self-contained and work offline.
 */
export function plot(traces: PlotTrace[], layout: PlotLayout = {}): void {
  const id = `pinlab-plot-${process.pid}-${++plotCount}`;
  const height = layout.height ?? 420;
  const fullLayout = liftTitles({ margin: { t: 50, r: 20, b: 50, l: 60 }, ...layout, height });
  const data = liftTitles(JSON.parse(JSON.stringify(traces, plain)));
  const config = { responsive: true, displaylogo: false };
  const draw =
    `<script>(function(){function draw(){if(!window.Plotly){return setTimeout(draw,30);}` +
    `window.Plotly.newPlot(${scriptJson(id)},${scriptJson(data)},${scriptJson(fullLayout)},${scriptJson(config)});}draw();})();</script>`;
  const prefix = bundleInlined ? '' : bundleScript();
  bundleInlined = true;
  const content = `${prefix}<div id="${id}" class="pinlab-plot" style="width:100%;height:${height}px"></div>${draw}`;
  emitter().show('text/html', content, `[plot: ${titleText(layout)} — ${traces.length} trace(s)]`);
}
