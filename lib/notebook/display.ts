import { emitter } from './kernel';
import { escapeHtml } from './html';

/** Renders Markdown (LaTeX in `$…$` / `$$…$$` is typeset in the notebook and in reports). */
export function markdown(md: string): void {
  emitter().show('text/markdown', md, md);
}

/** Shows raw HTML; `text` is what plain-text consoles print instead. */
export function html(content: string, text = content.replace(/<[^>]+>/g, '')): void {
  emitter().show('text/html', content, text);
}

/** Shows a heading-and-value "callout" for a single headline number. */
export function callout(label: string, value: string): void {
  html(
    `<div style="display:inline-block;padding:6px 12px;margin:4px;border-left:4px solid #e60023;background:#fafafa">` +
      `<div style="font-size:12px;color:#555">${escapeHtml(label)}</div><div style="font-size:20px">${escapeHtml(value)}</div></div>`,
    `${label}: ${value}`,
  );
}
