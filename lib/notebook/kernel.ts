/**
 * The only module that imports tslab. Everything else in lib/notebook goes through `emit`, which
 * writes rich output when running inside the tslab kernel and falls back to plain text in Node
 * (tests, scripts), so library code that reports progress or tables stays testable.
 */
import type * as Tslab from 'tslab';

export interface Emitter {
  /** Shows (or, for an updatable emitter, replaces) one output. `text` is the plain-text fallback. */
  show(mime: string, content: string, text: string): void;
}

let tslab: typeof Tslab | null | undefined;

function kernel(): typeof Tslab | null {
  if (tslab === undefined) {
    // The kernel process is started as `tslab kernel --config-path …`; tslab's display functions
    // only work there (elsewhere they throw "Not ready").
    const isKernel = process.argv.includes('kernel') && process.argv.some((a) => a.includes('tslab'));
    tslab = isKernel ? (require('tslab') as typeof Tslab) : null;
  }
  return tslab;
}

/** True when running inside a tslab kernel. */
export function inKernel(): boolean {
  return kernel() !== null;
}

const consoleEmitter: Emitter = {
  show(_mime, _content, text) {
    if (text) console.log(text);
  },
};

/** A one-shot emitter: each call adds a new output. */
export function emitter(): Emitter {
  const k = kernel();
  if (!k) return consoleEmitter;
  return { show: (mime, content) => k.display.raw(mime, content) };
}

/** An emitter whose every call replaces its previous output in place (Jupyter display_id). */
export function updatableEmitter(): Emitter {
  const k = kernel();
  if (!k) return consoleEmitter;
  const d = k.newDisplay();
  return { show: (mime, content) => d.raw(mime, content) };
}

/** tslab, TypeScript and Node versions when in a kernel. */
export function kernelVersions(): Record<string, string> {
  const k = kernel();
  return k ? { tslab: k.versions.tslab, typescript: k.versions.typescript } : {};
}
