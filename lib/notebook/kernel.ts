/**
 * The only module that imports tslab. Everything else in lib/notebook goes through `emit`, which
 * writes rich output when running inside the tslab kernel and falls back to plain text in Node
 * (tests, scripts), so library code that reports progress or tables stays testable.
 */
import type * as Tslab from 'tslab';

export interface Emitter {
  /**
   * Shows (or, for an updatable emitter, replaces) one output. `text` is the plain-text fallback.
   * `final` marks an update that must not wait for the event loop (see SAFE_SENDS_PER_TURN).
   */
  show(mime: string, content: string, text: string, final?: boolean): void;
}

let tslab: typeof Tslab | null | undefined;

function kernel(): typeof Tslab | null {
  if (tslab === undefined) {
    // The kernel process is started as `tslab kernel --config-path …`; tslab's display functions
    // only work there (elsewhere they throw "Not ready").
    const isKernel = process.argv.includes('kernel') && process.argv.some((a) => a.includes('tslab'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only inside a tslab kernel
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

/**
 * tslab sends outputs through zeromq, which defers every 513th send until the event loop turns;
 * one more send before that turn kills the kernel (EBUSY, "Kernel died"). Library loops whose
 * awaits only resolve microtasks (tfjs on wasm) never turn it, so sends are counted per turn and
 * in-place updates beyond a safe number wait for the turn: only the latest is kept, and it is
 * sent as soon as the loop turns (or replaced by a later one). One-shot outputs and final updates
 * (a finished progress bar: few, and after the cell nothing would send a deferred one) always go out.
 */
const SAFE_SENDS_PER_TURN = 256;
let sendsThisTurn = 0;

function countSend(): void {
  if (sendsThisTurn++ === 0) setImmediate(() => (sendsThisTurn = 0));
}

/** A one-shot emitter: each call adds a new output. */
export function emitter(): Emitter {
  const k = kernel();
  if (!k) return consoleEmitter;
  return {
    show: (mime, content) => {
      countSend();
      k.display.raw(mime, content);
    },
  };
}

/** An emitter whose every call replaces its previous output in place (Jupyter display_id). */
export function updatableEmitter(): Emitter {
  const k = kernel();
  if (!k) return consoleEmitter;
  const d = k.newDisplay();
  let pending: { mime: string; content: string } | null = null;
  const send = (mime: string, content: string): void => {
    countSend();
    d.raw(mime, content);
  };
  return {
    show: (mime, content, _text, final) => {
      if (final || sendsThisTurn < SAFE_SENDS_PER_TURN) {
        pending = null;
        send(mime, content);
        return;
      }
      if (pending === null) {
        setImmediate(() => {
          if (pending) send(pending.mime, pending.content);
          pending = null;
        });
      }
      pending = { mime, content };
    },
  };
}

/** tslab, TypeScript and Node versions when in a kernel. */
export function kernelVersions(): Record<string, string> {
  const k = kernel();
  return k ? { tslab: k.versions.tslab, typescript: k.versions.typescript } : {};
}
