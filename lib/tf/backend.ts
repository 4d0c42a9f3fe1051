import * as tf from '@tensorflow/tfjs';
import { registerPinlabKernels } from './kernels/register';
import { PinlabInputError } from '../errors';

export const BACKEND_NAMES = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

let chosen: Promise<BackendName> | undefined;

/** Loads an optional module: undefined when it loaded, else why not (not installed, or failed to load). */
function tryRequire(id: string): string | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional: absent packages must not fail the import
    require(id);
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code === 'MODULE_NOT_FOUND' && (e as Error).message.includes(`'${id}'`)
      ? 'not installed'
      : (e as Error).message.split('\n')[0];
  }
}

/** Why tfjs-node's 'tensorflow' backend is unavailable, or undefined when it is available. */
export function tensorflowUnavailable(): string | undefined {
  const failure = tryRequire('@tensorflow/tfjs-node');
  // tfjs-node is an optional dependency installed without its native addon (`npm run setup:native`
  // fetches libtensorflow and the addon); a load that did not register the backend is no backend.
  if (failure) return failure === 'not installed' ? failure : 'native addon missing: run npm run setup:native';
  return tf.findBackendFactory('tensorflow') ? undefined : 'loaded, but registered no backend';
}

async function pick(preferred: readonly BackendName[], log: (line: string) => void): Promise<BackendName> {
  // Before any backend runs: gather's gradient (UnsortedSegmentSum) and the graph ops need them.
  registerPinlabKernels();
  const tried: string[] = [];
  for (const name of preferred) {
    const unavailable = name === 'tensorflow' ? tensorflowUnavailable() : undefined;
    if (unavailable) {
      tried.push(`tensorflow (tfjs-node ${unavailable})`);
      continue;
    }
    if (name === 'wasm' && tryRequire('@tensorflow/tfjs-backend-wasm')) {
      tried.push('wasm (package missing)');
      continue;
    }
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        const skipped = tried.length ? ` (skipped: ${tried.join('; ')})` : '';
        log(`TensorFlow.js ${tf.version.tfjs}: backend '${name}'${skipped}`);
        return name;
      }
      tried.push(`${name} (failed to initialise)`);
    } catch (e) {
      tried.push(`${name} (${(e as Error).message})`);
    }
  }
  throw new Error(`no TensorFlow.js backend could be initialised: ${tried.join('; ')}`);
}

/**
 * Selects the fastest TensorFlow.js backend that loads — tfjs-node (native), else wasm (SIMD,
 * ~25x the pure-JS cpu backend on matMul), else cpu — prints which one it got, and returns its
 * name. Idempotent: later calls return the first choice. `PINLAB_TF_BACKEND` forces one (and
 * fails rather than falls back when that one cannot start).
 */
export async function chooseBackend(options: { log?: (line: string) => void } = {}): Promise<BackendName> {
  if (!chosen) {
    const forced = process.env.PINLAB_TF_BACKEND || undefined;
    if (forced !== undefined && !(BACKEND_NAMES as readonly string[]).includes(forced)) {
      throw new PinlabInputError('PINLAB_TF_BACKEND', `must be one of ${BACKEND_NAMES.join(', ')}; got '${forced}'`);
    }
    const order: readonly BackendName[] = forced ? [forced as BackendName] : BACKEND_NAMES;
    chosen = pick(order, options.log ?? ((line) => console.log(line)));
  }
  return chosen;
}

export { tf };
