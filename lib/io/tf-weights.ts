import * as tf from '@tensorflow/tfjs';
import { PinlabInputError } from '../errors';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';
import { isShape } from './json-fields';

/** A tf.io handler that knows its file, so loading errors can name it. */
export type FileIOHandler = tf.io.IOHandler & { readonly file: string };

/**
 * A tf.io handler over pinlab's single-file checksummed checkpoint (./checkpoint): the artifacts'
 * JSON parts go in the header, the weight bytes (float32 or int32, 4 bytes each) as one array.
 * Works with `tf.io.withSaveHandler`-style code and LayersModel.save, without tfjs-node's file://
 * handler. `load` refuses (PinlabInputError naming the file) weight specs whose sizes do not add up
 * to the stored bytes, so no weight is ever read from past the data.
 */
export function checkpointHandler(file: string): FileIOHandler {
  return {
    file,
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      const bytes = tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? new ArrayBuffer(0));
      const { weightData: _, ...json } = artifacts;
      saveCheckpoint(file, json as Record<string, unknown>, { weights: new Float32Array(bytes) });
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      const ck = loadCheckpoint(file);
      if (!ck) throw new PinlabInputError('file', 'no checkpoint at this path', undefined, { file });
      const names = Object.keys(ck.arrays);
      if (names.length !== 1 || names[0] !== 'weights') {
        const got = names.join(', ');
        throw new PinlabInputError('arrays', `must be one array 'weights', got [${got}]`, undefined, { file });
      }
      const w = ck.arrays.weights;
      checkWeightSpecs(file, ck.meta.weightSpecs, w.byteLength);
      const topology = ck.meta.modelTopology;
      if (topology !== undefined && (typeof topology !== 'object' || topology === null)) {
        throw new PinlabInputError('modelTopology', 'must be an object', undefined, { file });
      }
      return {
        ...(ck.meta as tf.io.ModelArtifacts),
        weightData: w.buffer.slice(w.byteOffset, w.byteOffset + w.byteLength),
      };
    },
  };
}

/** Anything with named trainable variables (nn's `Module`), typed here so io/ does not depend on nn/. */
type WithVariables = { variables(): Record<string, tf.Variable> };

/** Specs that decode exactly `byteLength` bytes: unique names, integer shapes, 4-byte dtypes, no quantization. */
function checkWeightSpecs(file: string, specs: unknown, byteLength: number): void {
  if (!Array.isArray(specs)) throw new PinlabInputError('weightSpecs', 'must be a list', undefined, { file });
  const names = new Set<string>();
  let bytes = 0;
  specs.forEach((s: Partial<tf.io.WeightsManifestEntry> | null, i) => {
    const bad = (key: string, what: string): never => {
      throw new PinlabInputError(`weightSpecs[${i}]${key}`, what, undefined, { file });
    };
    if (typeof s !== 'object' || s === null) return bad('', 'must be an object');
    if (typeof s.name !== 'string' || names.has(s.name)) {
      bad('.name', `must be a string not used before, got ${JSON.stringify(s.name)}`);
    }
    names.add(s.name as string);
    if (s.dtype !== 'float32' && s.dtype !== 'int32') {
      bad('.dtype', `must be 'float32' or 'int32', got ${JSON.stringify(s.dtype)}`);
    }
    if (s.quantization !== undefined) bad('.quantization', 'is not supported');
    if (!isShape(s.shape)) {
      bad('.shape', `must be a list of non-negative integers, got ${JSON.stringify(s.shape)}`);
    }
    bytes += 4 * (s.shape as number[]).reduce((p, d) => p * d, 1);
  });
  if (bytes !== byteLength) {
    const reason = `describe ${bytes} bytes of weights, the file holds ${byteLength}`;
    throw new PinlabInputError('weightSpecs', reason, undefined, { file });
  }
}

/** Saves a module's variables (and JSON metadata, e.g. its options and training history). */
export async function saveModule(
  module: WithVariables,
  handler: tf.io.IOHandler,
  meta: Record<string, unknown> = {},
): Promise<void> {
  const vars = module.variables();
  const { data, specs } = await tf.io.encodeWeights(vars as unknown as tf.NamedTensorMap);
  await handler.save!({
    modelTopology: { pinlab: meta },
    weightSpecs: specs,
    weightData: data,
    format: 'pinlab-module',
  });
}

/**
 * Loads values saved by `saveModule` into an identically built module; returns the metadata.
 * Every variable's presence and shape is checked before any is assigned, so a refused checkpoint
 * (PinlabInputError naming the handler's file) leaves the module as it was.
 */
export async function loadModule(
  module: WithVariables,
  handler: tf.io.IOHandler & { readonly file?: string },
): Promise<Record<string, unknown>> {
  // Errors name the handler's file when it has one.
  const at = handler.file === undefined ? undefined : { file: handler.file };
  const fail = (field: string, reason: string) => new PinlabInputError(field, reason, undefined, at);
  const art = await handler.load!();
  if (!art.weightSpecs || !art.weightData) throw fail('checkpoint', 'has no weights');
  const pinlab = (art.modelTopology as { pinlab?: unknown } | undefined)?.pinlab;
  if (pinlab !== undefined && (typeof pinlab !== 'object' || pinlab === null || Array.isArray(pinlab))) {
    throw fail('modelTopology.pinlab', 'must be an object');
  }
  const saved = tf.io.decodeWeights(art.weightData, art.weightSpecs);
  try {
    const vars = module.variables();
    for (const [name, v] of Object.entries(vars)) {
      const t = saved[name];
      if (!t) throw fail('checkpoint', `has no variable '${name}'`);
      if (t.shape.join() !== v.shape.join()) throw fail(name, `has shape [${t.shape}], the module [${v.shape}]`);
      if (t.dtype !== v.dtype) throw fail(name, `has dtype ${t.dtype}, the module ${v.dtype}`);
    }
    const extra = Object.keys(saved).filter((n) => !(n in vars));
    if (extra.length > 0) throw fail('checkpoint', `has variables the module lacks: ${extra.join(', ')}`);
    for (const [name, v] of Object.entries(vars)) v.assign(saved[name]);
  } finally {
    tf.dispose(Object.values(saved));
  }
  return (pinlab ?? {}) as Record<string, unknown>;
}
