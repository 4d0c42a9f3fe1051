import type { World } from '../data/world/world';
import { FeatureStore } from '../features/feature-store';
import { SequentialTwoTower, type TwoTowerOptions } from '../models/retrieval/two-tower';
import {
  trainTwoTower,
  type TwoTowerTrainOptions,
  type TwoTowerTrainResult,
} from '../models/retrieval/two-tower-train';
import { RequestTimeQueryEncoder } from '../models/retrieval/two-tower-serving';
import { trainTwoTowerCached } from '../models/retrieval/two-tower-cache';
import { EmbeddingGenerator } from './embedding-generator';
import type { AdRequest } from './types';

export interface TwoTowerGenerator {
  readonly model: SequentialTwoTower;
  readonly training: TwoTowerTrainResult;
  readonly store: FeatureStore;
  readonly generator: EmbeddingGenerator;
  /** Seconds the offline job took to write the snapshots. */
  readonly snapshotSeconds: number;
  /** With `cached`: whether the model came from the cache ('hit') or was trained and stored. */
  readonly cache?: 'hit' | 'built' | 'rebuilt';
}

/**
 * The whole lifecycle of a sequential two-tower candidate generator: train it, run the offline
 * user tower for every snapshot version the `requests` will read (written to a feature store,
 * on disk under `storeDir` when given — a fresh directory: versions are immutable), embed the ad inventory with the ad tower, and serve
 * requests with the request-time encoder and exact top-K over all ads. With `cached`, the trained
 * weights come from (or go to) the trained-model cache (`trainTwoTowerCached`).
 */
export function buildTwoTowerGenerator(
  world: World,
  model: TwoTowerOptions,
  training: TwoTowerTrainOptions,
  requests: readonly AdRequest[],
  seed: number,
  storeDir: string | null = null,
  cached = false,
): TwoTowerGenerator {
  const m = new SequentialTwoTower(world, model, seed);
  const fromCache = cached ? trainTwoTowerCached(world, m, model, training, seed) : undefined;
  const result = fromCache?.result ?? trainTwoTower(m, training);
  const store = new FeatureStore(m.name, world.users.count, m.dModel, storeDir);
  const versions = [...new Set(requests.map((q) => m.versionAt(q.time)))].sort((a, b) => a - b);
  const t0 = performance.now();
  m.writeSnapshots(store, versions);
  const snapshotSeconds = (performance.now() - t0) / 1000;
  const generator = new EmbeddingGenerator(
    m.name,
    new RequestTimeQueryEncoder(m, store),
    m.itemEmbeddings(Int32Array.from(world.ads.item)),
  );
  return { model: m, training: result, store, generator, snapshotSeconds, cache: fromCache?.cache.state };
}
