import * as tf from '@tensorflow/tfjs';
import { PinlabInputError, requireFinite, requireInt } from '../errors';
import type { World } from '../data/world/world';
import type { TemporalLinkSplit } from '../graph/split';
import { trainAdRelevance, type AdRelevanceData, type AdRelevanceRunOptions } from '../experiments/ad-relevance/run';
import { trainAdRelevanceCached } from '../experiments/ad-relevance/cache';
import type { LinkInputs, LinkModel, LinkTrainResult } from '../models/gnn/link-model';
import { Rng } from '../random/rng';
import { TopKSelector } from '../retrieval/select';
import { EmbeddingGenerator } from './embedding-generator';
import type { AdRequest, CandidateGenerator } from './types';

/** Where the GAT's inputs live: the task it was trained on (features, message graph) and the item → node offset. */
export interface GatGraphInput {
  readonly task: LinkInputs;
  /** Node id of item i is itemOffset + i; users are nodes 0 … U−1. */
  readonly itemOffset: number;
}

/**
 * A trained GAT link model (notebook 04's P(click | user, ad)) as a candidate generator. Every
 * node embedding is computed once, offline, from the model's message graph — like the feature
 * store's daily snapshot, but a single version. Each request gets the top-k ads by the model's
 * logit for (user, ad), ties to the lower ad row; the score uses neither context nor time.
 *
 * Time semantics: the embeddings see only the graph the model was trained on, so they are valid
 * for requests at or after the moment the model's training data ends. Pass `validFrom` = that
 * moment — for `trainAdRelevance` on a temporal split it is `split.valEnd`, not `split.trainEnd`,
 * because early stopping picks the weights by AUC on pairs first engaged in [trainEnd, valEnd).
 * Earlier requests are refused.
 *
 * Decoders: a dot product (decoderHidden = 0) is served by `EmbeddingGenerator` (exact top-K of
 * z_u · z_a); an MLP decoder scores all ads for the user in one batched call, cached per user
 * (the score depends on the user only).
 */
export class GatGenerator implements CandidateGenerator {
  readonly numAds: number;
  readonly dim: number;
  /** Embedding rows, row-major: users U × dim, ads A × dim. */
  readonly userEmbeddings: Float32Array;
  readonly adEmbeddings: Float32Array;
  private readonly dot: EmbeddingGenerator | null;
  private adTensor: tf.Tensor2D | null = null;
  private readonly cache = new Map<number, Int32Array>();
  private readonly scores: Float32Array;

  constructor(
    readonly name: string,
    world: World,
    readonly model: LinkModel,
    input: GatGraphInput,
    readonly validFrom: number,
  ) {
    requireFinite('validFrom', validFrom);
    const U = world.users.count;
    const { ads, items } = world;
    requireInt('itemOffset', input.itemOffset, U);
    const z = tf.tidy(() => model.embed(input.task, { training: false, rng: new Rng(0) }));
    const [N, d] = z.shape;
    const zData = z.dataSync() as Float32Array;
    z.dispose();
    if (N < input.itemOffset + items.count)
      throw new PinlabInputError('input.task', `embeds ${N} nodes, the world needs ${input.itemOffset + items.count}`);
    this.dim = d;
    this.numAds = ads.count;
    this.userEmbeddings = zData.slice(0, U * d);
    this.adEmbeddings = new Float32Array(ads.count * d);
    for (let a = 0; a < ads.count; a++) {
      const row = (input.itemOffset + ads.item[a]) * d;
      this.adEmbeddings.set(zData.subarray(row, row + d), a * d);
    }
    this.scores = new Float32Array(ads.count);
    this.dot =
      model.decoder.hidden === 0
        ? new EmbeddingGenerator(name, { dim: d, encode: (q, out) => out.set(this.userRow(q.user)) }, this.adEmbeddings)
        : null;
  }

  private userRow(user: number): Float32Array {
    if (!(Number.isInteger(user) && user >= 0 && user * this.dim < this.userEmbeddings.length)) {
      throw new PinlabInputError(
        'request.user',
        `must be a user row in [0, ${this.userEmbeddings.length / this.dim}), got ${user}`,
      );
    }
    return this.userEmbeddings.subarray(user * this.dim, (user + 1) * this.dim);
  }

  generate(request: AdRequest, k: number, out: Int32Array): number {
    requireInt('k', k, 1);
    if (!(request.time >= this.validFrom)) {
      throw new PinlabInputError(
        'request.time',
        `${request.time} is before validFrom ${this.validFrom}: the model was fitted on data up to then`,
      );
    }
    if (this.dot) return this.dot.generate(request, k, out);
    const n = Math.min(k, this.numAds);
    if (out.length < n) throw new PinlabInputError('out', `has room for ${out.length} candidates, need ${n}`);
    let ranked = this.cache.get(request.user);
    if (!ranked || ranked.length < n) {
      ranked = this.rankForUser(request.user, n);
      this.cache.set(request.user, ranked);
    }
    out.set(ranked.subarray(0, n));
    return n;
  }

  /** Decoder logits of (user, every ad) in one call, then the top n. */
  private rankForUser(user: number, n: number): Int32Array {
    const row = this.userRow(user);
    const A = this.numAds;
    if (!this.adTensor) this.adTensor = tf.keep(tf.tensor2d(this.adEmbeddings, [A, this.dim]));
    const adT = this.adTensor;
    const logits = tf.tidy(() => {
      // Node 0 is the user, nodes 1 … A the ads.
      const z = tf.concat([tf.tensor2d(row, [1, this.dim]), adT], 0) as tf.Tensor2D;
      const ads = tf.range(1, A + 1, 1, 'int32') as tf.Tensor1D;
      return this.model.decoder.logits(z, tf.zeros([A], 'int32') as tf.Tensor1D, ads);
    });
    this.scores.set(logits.dataSync() as Float32Array);
    logits.dispose();
    const ranked = new Int32Array(n);
    new TopKSelector(n).select(this.scores, 0, A, ranked, new Float32Array(n), 0);
    return ranked;
  }

  /** Frees the ad-embedding tensor (MLP decoder); the generator still works and rebuilds it on demand. */
  dispose(): void {
    this.adTensor?.dispose();
    this.adTensor = null;
  }
}

export interface GatGeneratorBuild {
  readonly generator: GatGenerator;
  readonly model: LinkModel;
  readonly data: AdRelevanceData;
  readonly training: LinkTrainResult;
}

/**
 * Trains notebook 04's reference GAT (or an ablation, via `options`) on `split` and serves it as
 * a candidate generator valid from `split.valEnd` (see `GatGenerator`). For requests after a
 * cut T0, build the split with `testStart` = T0 / horizon. With `cached`, the trained model comes
 * from (or goes to) the ad-relevance cache (`trainAdRelevanceCached`): a second build is fast.
 */
export async function buildGatGenerator(
  world: World,
  split: TemporalLinkSplit,
  options: AdRelevanceRunOptions,
  name = 'gat',
  cached = false,
): Promise<GatGeneratorBuild> {
  const { data, model, result } = cached
    ? await trainAdRelevanceCached(world, split, options)
    : await trainAdRelevance(world, split, options);
  const generator = new GatGenerator(
    name,
    world,
    model,
    { task: data.task, itemOffset: data.itemOffset },
    split.valEnd,
  );
  return { generator, model, data, training: result };
}
