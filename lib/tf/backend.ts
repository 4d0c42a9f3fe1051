import * as tf from '@tensorflow/tfjs';
import { registerPinlabKernels } from './kernels/register';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

let chosen: Promise<BackendName> | undefined;

/** Loads an optional module, returning false when it is not installed or fails to load. */
function tryRequire(id: string): boolean {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional: absent packages must not fail the import
    require(id);
    return true;
  } catch {
    return false;
  }
}

async function pick(preferred: readonly BackendName[], log: (line: string) => void): Promise<BackendName> {
  // Before any backend runs: gather's gradient (UnsortedSegmentSum) and the graph ops need them.
  registerPinlabKernels();
  const tried: string[] = [];
  for (const name of preferred) {
    // tfjs-node registers 'tensorflow' on load; danfojs's npm override aliases the package name to
    // plain tfjs, so a successful require alone proves nothing: check that the backend exists.
    if (name === 'tensorflow' && !(tryRequire('@tensorflow/tfjs-node') && tf.findBackendFactory('tensorflow'))) {
      tried.push('tensorflow (tfjs-node not installed)');
      continue;
    }
    if (name === 'wasm' && !tryRequire('@tensorflow/tfjs-backend-wasm')) {
      tried.push('wasm (package missing)');
      continue;
    }
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        log(`TensorFlow.js ${tf.version.tfjs}: backend '${name}'${tried.length ? ` (skipped: ${tried.join('; ')})` : ''}`);
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
 * name. Idempotent: later calls return the first choice. `PINLAB_TF_BACKEND` forces one.
 */
export function chooseBackend(options: { log?: (line: string) => void } = {}): Promise<BackendName> {
  if (!chosen) {
    const forced = process.env.PINLAB_TF_BACKEND as BackendName | undefined;
    const order: BackendName[] = forced ? [forced] : ['tensorflow', 'wasm', 'cpu'];
    chosen = pick(order, options.log ?? ((line) => console.log(line)));
  }
  return chosen;
}

export { tf };
