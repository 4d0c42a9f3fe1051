import { updatableEmitter } from './kernel';
import { escapeHtml } from './html';

export interface Progress {
  /** Advances by `n` steps (default 1); `info` is shown beside the bar (e.g. the current loss). */
  tick(n?: number, info?: string): void;
  /** Sets the number of completed steps. */
  update(done: number, info?: string): void;
  /** Marks the work complete and shows the total time. */
  done(info?: string): void;
}

function duration(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s - 60 * m)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/**
 * A progress bar that updates in place in the notebook (plain lines on the console, at most one
 * every few seconds), with elapsed time and an ETA. Redraws are throttled so that tight loops can
 * call `tick` freely.
 */
export function progress(total: number, label: string, options: { minIntervalMs?: number } = {}): Progress {
  const out = updatableEmitter();
  const start = Date.now();
  const inKernelInterval = options.minIntervalMs ?? 250;
  let done = 0;
  let lastDraw = -Infinity;
  let lastText = -Infinity;
  let lastInfo = '';

  const draw = (final: boolean, info: string): void => {
    const now = Date.now();
    const elapsed = now - start;
    const frac = total > 0 ? Math.min(1, done / total) : 1;
    const eta = !final && frac > 0 ? ` · ETA ${duration((elapsed * (1 - frac)) / frac)}` : '';
    const status = `${label}: ${done}/${total} (${(100 * frac).toFixed(0)}%) · ${duration(elapsed)}${eta}${info ? ` · ${info}` : ''}`;
    const printText = final || now - lastText > 5000;
    if (printText) lastText = now;
    out.show(
      'text/html',
      `<div class="pinlab-progress" style="font-family:monospace;font-size:12px">` +
        `<progress value="${done}" max="${total}" style="width:240px;vertical-align:middle"></progress> ${escapeHtml(status)}</div>`,
      printText ? status : '',
      final,
    );
    lastDraw = now;
  };

  const maybeDraw = (info?: string): void => {
    if (info !== undefined) lastInfo = info;
    if (Date.now() - lastDraw >= inKernelInterval) draw(false, lastInfo);
  };

  return {
    tick(n = 1, info) {
      done += n;
      maybeDraw(info);
    },
    update(d, info) {
      done = d;
      maybeDraw(info);
    },
    done(info) {
      done = Math.max(done, total);
      draw(true, info ?? lastInfo);
    },
  };
}
