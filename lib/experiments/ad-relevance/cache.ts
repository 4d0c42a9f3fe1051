import * as fs from 'node:fs';
import type { World } from '../../data/world/world';
import { cacheDir } from '../../io/paths';
import { trainedModelFile } from '../../train/trained-cache';
import { PinlabInputError } from '../../errors';
import type { TemporalLinkSplit } from '../../graph/split';
import { buildAdRelevance, trainAdRelevance, type AdRelevanceData, type AdRelevanceRunOptions } from './run';
import type { LinkModel, LinkTrainResult } from '../../models/gnn/link-model';
import { checkpointHandler, loadModule, saveModule } from '../../io/tf-weights';

/** Bump when a change to the task or its training alters what a configuration produces: old entries are then never read. */
export const AD_RELEVANCE_CACHE_VERSION = 3;

/** The cache file of a trained model: `cacheDir()/ad_relevance/<hash of world, split, options>.ckpt` (`trainedModelFile`). */
export function adRelevanceCacheFile(
  world: World,
  split: TemporalLinkSplit,
  o: AdRelevanceRunOptions,
  root = cacheDir(),
): string {
  return trainedModelFile(
    'ad_relevance',
    { world, splits: [split], options: o, version: AD_RELEVANCE_CACHE_VERSION },
    'ckpt',
    root,
  );
}

/**
 * `trainAdRelevance` with the trained weights and training record cached on disk (atomically)
 * under a hash of (world parameters, split content, run options including the seed): a second
 * call with the same inputs rebuilds the task, loads the weights and skips training (`onEpoch`
 * is then not called; `result.history` has the cached epochs). A cache file that cannot be
 * verified (damaged, or written by an older pinlab) is retrained over: state 'rebuilt', with why.
 */
export async function trainAdRelevanceCached(
  world: World,
  split: TemporalLinkSplit,
  o: AdRelevanceRunOptions,
  root = cacheDir(),
): Promise<{
  data: AdRelevanceData;
  model: LinkModel;
  result: LinkTrainResult;
  cache: { state: 'hit' | 'built' | 'rebuilt'; file: string; reason?: string };
}> {
  const file = adRelevanceCacheFile(world, split, o, root);
  let reason: string | undefined;
  const built = buildAdRelevance(world, split, o);
  if (fs.existsSync(file)) {
    let meta: Record<string, unknown> | undefined;
    try {
      meta = await loadModule(built.model, checkpointHandler(file));
    } catch (e) {
      if (!(e instanceof PinlabInputError)) throw e;
      // loadModule assigns nothing unless everything matched: the model is still untrained.
      reason = e.message;
    }
    if (meta) {
      // The file verified, so a bad record is not damage but another program's file: refused, not retrained over.
      const result = meta.result as LinkTrainResult | undefined;
      if (typeof result !== 'object' || result === null || !Array.isArray(result.history)) {
        throw new PinlabInputError('result', 'must be the training record', undefined, { file });
      }
      return { ...built, result, cache: { state: 'hit', file } };
    }
  }
  const run = await trainAdRelevance(world, split, o, built);
  await saveModule(run.model, checkpointHandler(file), { result: run.result });
  return { ...run, cache: { state: reason ? 'rebuilt' : 'built', file, reason } };
}
