import * as tf from '@tensorflow/tfjs';
import { PinlabInputError } from '../errors';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';

/**
 * A tf.io handler over pinlab's single-file atomic checkpoint (./checkpoint): the artifacts'
 * JSON parts go in the header, the weight bytes (all float32) as one array. Works with
 * `tf.io.withSaveHandler`-style code and LayersModel.save, without tfjs-node's file:// handler.
 */
export function checkpointHandler(file: string): tf.io.IOHandler {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      const bytes = tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? new ArrayBuffer(0));
      const { weightData: _, ...json } = artifacts;
      saveCheckpoint(file, json as Record<string, unknown>, { weights: new Float32Array(bytes) });
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      const ck = loadCheckpoint(file);
      if (!ck) throw new PinlabInputError('file', `no checkpoint at ${file}`);
      const w = ck.arrays.weights;
      return { ...(ck.meta as tf.io.ModelArtifacts), weightData: w.buffer.slice(w.byteOffset, w.byteOffset + w.byteLength) };
    },
  };
}

/** Anything with named trainable variables (nn's `Module`), typed here so io/ does not depend on nn/. */
type WithVariables = { variables(): Record<string, tf.Variable> };

/** Saves a module's variables (and JSON metadata, e.g. its options and training history). */
export async function saveModule(module: WithVariables, handler: tf.io.IOHandler, meta: Record<string, unknown> = {}): Promise<void> {
  const vars = module.variables();
  const { data, specs } = await tf.io.encodeWeights(vars as unknown as tf.NamedTensorMap);
  await handler.save!({ modelTopology: { pinlab: meta }, weightSpecs: specs, weightData: data, format: 'pinlab-module' });
}

/** Loads values saved by `saveModule` into an identically built module; returns the metadata. */
export async function loadModule(module: WithVariables, handler: tf.io.IOHandler): Promise<Record<string, unknown>> {
  const art = await handler.load!();
  if (!art.weightSpecs || !art.weightData) throw new PinlabInputError('checkpoint', 'has no weights');
  const saved = tf.io.decodeWeights(art.weightData, art.weightSpecs);
  const vars = module.variables();
  for (const [name, v] of Object.entries(vars)) {
    const t = saved[name];
    if (!t) throw new PinlabInputError('checkpoint', `has no variable '${name}'`);
    if (t.shape.join() !== v.shape.join()) throw new PinlabInputError('checkpoint', `'${name}' has shape [${t.shape}], the module [${v.shape}]`);
    v.assign(t);
  }
  tf.dispose(Object.values(saved));
  return ((art.modelTopology as { pinlab?: Record<string, unknown> } | undefined)?.pinlab) ?? {};
}
