import * as tf from '@tensorflow/tfjs';
import type { World } from '../../data/world/world';
import { PinlabInputError } from '../../errors';
import { loadCheckpoint, saveCheckpoint } from '../../io/checkpoint';
import { cacheDir } from '../../io/paths';
import { requireSameState } from '../../train/recommender';
import { trainedModelFile } from '../../train/trained-cache';
import type { SequentialTwoTower, TwoTowerOptions } from './two-tower';
import { trainTwoTower, type TwoTowerTrainOptions, type TwoTowerTrainResult } from './two-tower-train';

/** The model's variables as named host arrays (by position: the model is built the same way every time). */
function stateOf(m: SequentialTwoTower): Record<string, Float32Array> {
  return Object.fromEntries(m.variables().map((v, i) => [`v${i}`, v.dataSync() as Float32Array]));
}

/**
 * `trainTwoTower` with the trained weights and training record cached under `trainedModelFile`
 * ('two_tower', keyed by the world, the model options, the training options and the seed): a second
 * call loads them and trains nothing (`onProgress` is then not called). A file that cannot be
 * verified is retrained over, with the reason. A run cut short by `budgetSeconds` is cached as it
 * ended, so its key's result is the first run's.
 */
export function trainTwoTowerCached(
  world: World,
  m: SequentialTwoTower,
  model: TwoTowerOptions,
  training: TwoTowerTrainOptions,
  seed: number,
  root = cacheDir(),
): { result: TwoTowerTrainResult; cache: { state: 'hit' | 'built' | 'rebuilt'; file: string; reason?: string } } {
  const file = trainedModelFile('two_tower', { world, options: { model, training, seed } }, 'ckpt', root);
  let reason: string | undefined;
  try {
    const ck = loadCheckpoint(file);
    if (ck) {
      const current = stateOf(m);
      requireSameState('two_tower', current, ck.arrays, file);
      const result = ck.meta.result as TwoTowerTrainResult | undefined;
      if (typeof result !== 'object' || result === null || !Array.isArray(result.epochLoss)) {
        throw new PinlabInputError('result', 'must be the training record', undefined, { file });
      }
      m.variables().forEach((v, i) => {
        const t = tf.tensor(ck.arrays[`v${i}`], v.shape);
        v.assign(t);
        t.dispose();
      });
      return { result, cache: { state: 'hit', file } };
    }
  } catch (e) {
    if (!(e instanceof PinlabInputError)) throw e;
    reason = e.message;
  }
  const result = trainTwoTower(m, training);
  saveCheckpoint(file, { result }, stateOf(m));
  return { result, cache: { state: reason ? 'rebuilt' : 'built', file, reason } };
}
