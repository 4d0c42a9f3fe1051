import * as tf from '@tensorflow/tfjs';
import type { World } from '../../data/world';
import { EdgeKind } from '../../graph/edges';
import { nodeFeatures } from '../../graph/features';
import type { LinkPairs, TemporalLinkSplit } from '../../graph/split';
import { Rng } from '../../random/rng';
import { messageGraph } from './message_graph';
import { ConvKind } from './encoder';
import { LabeledPairs, LinkEpoch, LinkModel, LinkTask, LinkTrainResult, Pairs, trainLinkPredictor } from './train_link';

export interface AdRelevanceData {
  readonly task: LinkTask;
  readonly featureDim: number;
  readonly featureNames: string[];
  /** 2 with recency features ([is engagement edge, age in 30-day months at the training cut]), else 0. */
  readonly edgeDim: number;
  /** Node id of item i is itemOffset + i. */
  readonly itemOffset: number;
}

const DAY = 86_400;

/** Split pairs in the graph's node ids (user, itemOffset + item). */
function toNodePairs(p: LinkPairs, itemOffset: number, positivesOnly: boolean): LabeledPairs {
  const keep: number[] = [];
  for (let k = 0; k < p.count; k++) if (!positivesOnly || p.label[k] === 1) keep.push(k);
  return {
    src: Int32Array.from(keep, (k) => p.user[k]),
    dst: Int32Array.from(keep, (k) => itemOffset + p.item[k]),
    label: Uint8Array.from(keep, (k) => p.label[k]),
  };
}

/**
 * The P(click | user, ad) task on the synthetic world's temporal split: message passing over
 * the training-window graph (users, items, ads, categories; both directions), observable node
 * features, training positives = user–ad pairs first engaged before the cut, negatives resampled
 * each epoch from ads the user never engaged before it. With `recency`, each edge carries its
 * age at the cut so attention can prefer recent activity.
 */
export function adRelevanceTask(world: World, split: TemporalLinkSplit, options: { recency?: boolean } = {}): AdRelevanceData {
  const g = split.graph;
  const E = g.count;
  const src = new Int32Array(2 * E);
  const dst = new Int32Array(2 * E);
  const recency = options.recency ?? true;
  const edgeDim = recency ? 2 : 0;
  const attr = recency ? new Float32Array(2 * E * edgeDim) : undefined;
  for (let e = 0; e < E; e++) {
    src[e] = dst[E + e] = g.src[e];
    dst[e] = src[E + e] = g.dst[e];
    if (attr && g.kind[e] !== EdgeKind.belongs) {
      const months = (split.trainEnd - g.lastTime[e]) / (30 * DAY);
      attr[2 * e] = attr[2 * (E + e)] = 1;
      attr[2 * e + 1] = attr[2 * (E + e) + 1] = months;
    }
  }
  const graph = messageGraph(src, dst, g.nodes.count, { edgeAttr: attr, edgeDim });
  const feats = nodeFeatures(world, g);
  const itemOffset = g.nodes.itemOffset;
  const trainPositives: Pairs = toNodePairs(split.train, itemOffset, true);
  const sampler = split.trainSampler;
  return {
    featureDim: feats.dim,
    featureNames: feats.names,
    edgeDim,
    itemOffset,
    task: {
      features: tf.tensor2d(feats.values, [g.nodes.count, feats.dim]),
      graph,
      trainPositives,
      val: toNodePairs(split.val, itemOffset, false),
      test: toNodePairs(split.test, itemOffset, false),
      sampleNegatives: (rng: Rng, count: number): Pairs => {
        const P = trainPositives.src.length;
        const users = Int32Array.from({ length: count }, (_, k) => trainPositives.src[k % P]);
        const dstOut = Int32Array.from(users, (u) => itemOffset + sampler.sample(u, rng));
        return { src: users, dst: dstOut };
      },
    },
  };
}

export interface AdRelevanceRunOptions {
  readonly kind?: ConvKind;
  readonly recency?: boolean;
  readonly heads?: number;
  readonly decoderHidden?: number;
  readonly seed: number;
  readonly maxEpochs: number;
  readonly patience?: number;
  readonly learningRate?: number;
  readonly onEpoch?: (e: LinkEpoch) => void;
}

/**
 * The reference model (2 layers, 32 hidden → 16 out, RelevanceLinkPredictor) or an ablation of
 * it, trained on the ad-relevance task: one call for the notebook and its test.
 */
export async function trainAdRelevance(world: World, split: TemporalLinkSplit, o: AdRelevanceRunOptions): Promise<{ data: AdRelevanceData; model: LinkModel; result: LinkTrainResult }> {
  const kind = o.kind ?? 'gat';
  const data = adRelevanceTask(world, split, { recency: kind === 'gat' && (o.recency ?? true) });
  const model = new LinkModel({
    inChannels: data.featureDim, hidden: 32, out: 16, kind, heads: o.heads ?? 1, edgeDim: data.edgeDim, decoderHidden: o.decoderHidden ?? 16,
  }, new Rng(o.seed).fork('init'));
  const result = await trainLinkPredictor(model, data.task, {
    seed: o.seed, maxEpochs: o.maxEpochs, patience: o.patience ?? 20, learningRate: o.learningRate ?? 0.01, onEpoch: o.onEpoch,
  });
  return { data, model, result };
}
