import * as tf from '@tensorflow/tfjs';
import type { World } from '../../data/world/world';
import { EdgeKind, type EdgeList } from '../../graph/edges';
import { nodeFeatures } from '../../graph/features';
import type { LinkPairs, TemporalLinkSplit } from '../../graph/split';
import { Rng } from '../../random/rng';
import { PinlabInputError, requireFinite } from '../../errors';
import { messageGraph } from '../../nn/message-graph';
import { ConvKind } from '../../nn/graph-encoder';
import {
  LinkEpoch,
  LinkMiniBatch,
  LinkModel,
  LinkTask,
  LinkTrainResult,
  trainLinkPredictor,
} from '../../models/gnn/link-model';
import { LabeledPairs, Pairs } from '../../data/types';

export interface AdRelevanceTaskOptions {
  /** Edge feature 2^(−age / halfLife) of each engagement edge at the cut, for attention (default true). */
  recency?: boolean;
  /** Half-life of the recency feature in days (default 14, the training graph's edge-weight half-life). */
  recencyHalfLifeDays?: number;
  /**
   * Edge feature log(1 + w) of each engagement or interest edge, w its weight in the graph (the
   * decayed engagement value: repeat engagement grows it, age shrinks it); membership edges 0.
   * After the recency column when both are on. Default false.
   */
  edgeWeight?: boolean;
  /** Share of training positives used as supervision and removed from the message graph (default 0.3; 0 = all supervise, none removed). */
  disjointFraction?: number;
  seed?: number;
}

export interface AdRelevanceData {
  readonly task: LinkTask;
  readonly featureDim: number;
  readonly featureNames: string[];
  /** Edge features per edge: the recency feature (2^(−age / half-life) at the training cut) and the weight feature, each when on (membership edges: 0). */
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
 * Both directions of every edge of `g` except the `skip` pairs (key src · nodes + dst), each with
 * its edge features: the recency 2^(−age / halfLife) of its last engagement at time `at` when
 * `halfLife` (seconds) is given, then log(1 + weight) with `weight`; membership edges get 0.
 */
function messageEdges(
  g: EdgeList,
  at: number,
  halfLife: number | null,
  weight: boolean,
  skip?: Set<number>,
): { src: Int32Array; dst: Int32Array; edgeAttr?: Float32Array } {
  const src: number[] = [];
  const dst: number[] = [];
  const attr: number[] = [];
  for (let e = 0; e < g.count; e++) {
    if (skip?.has(g.src[e] * g.nodes.count + g.dst[e])) continue;
    src.push(g.src[e], g.dst[e]);
    dst.push(g.dst[e], g.src[e]);
    const belongs = g.kind[e] === EdgeKind.belongs;
    const fresh = halfLife === null || belongs ? 0 : Math.pow(2, -(at - g.lastTime[e]) / halfLife);
    const strength = belongs ? 0 : Math.log1p(g.weight[e]);
    // Both directions carry the same features.
    for (let k = 0; k < 2; k++) {
      if (halfLife !== null) attr.push(fresh);
      if (weight) attr.push(strength);
    }
  }
  return {
    src: Int32Array.from(src),
    dst: Int32Array.from(dst),
    edgeAttr: halfLife !== null || weight ? Float32Array.from(attr) : undefined,
  };
}

/**
 * The P(click | user, ad) task on the synthetic world's temporal split: message passing over
 * the training-window graph (users, items, ads, categories; both directions), observable node
 * features, training positives = user–ad pairs first engaged before the cut, negatives resampled
 * each epoch from ads the user never engaged before it. With `recency`, each edge carries how
 * recent its last engagement was at the cut, 2^(−age / half-life) ∈ (0, 1], so attention can prefer
 * recent activity. The feature is bounded and stale engagement fades towards the value of a
 * category-membership edge (0). With `edgeWeight`, a second feature log(1 + w) carries how strong
 * the edge is (its decayed engagement value): +0.005 mean validation AUC over 3 seeds at scale 1
 * (docs/notebook-04-experiments.md). The raw age in months plus an is-engagement flag split edges by
 * type, attention keyed on it early and training stayed ≈ 200 epochs (instead of ≈ 70) on the
 * no-graph plateau (validation AUC ≈ 0.80), where patience 20 stopped it; even given 400 epochs
 * it ended below this feature (validation 0.895 vs 0.911; notebook 04, seed 42, scale 0.2).
 */
export function adRelevanceTask(
  world: World,
  split: TemporalLinkSplit,
  options: AdRelevanceTaskOptions = {},
): AdRelevanceData {
  const g = split.graph;
  const itemOffset = g.nodes.itemOffset;
  const recency = options.recency ?? true;
  const weight = options.edgeWeight ?? false;
  const edgeDim = (recency ? 1 : 0) + (weight ? 1 : 0);
  const halfLifeDays = options.recencyHalfLifeDays ?? 14;
  requireFinite('recencyHalfLifeDays', halfLifeDays);
  if (!(halfLifeDays > 0)) throw new PinlabInputError('recencyHalfLifeDays', `must be > 0, got ${halfLifeDays}`);
  const halfLife = halfLifeDays * DAY;
  // Disjoint supervision (PyG's disjoint_train_ratio): the supervised user–ad edges leave the
  // message graph, so the model cannot score a training pair by spotting its own edge — a shortcut
  // that held-out pairs (new edges, absent from the graph) never offer.
  const allPositives = toNodePairs(split.train, itemOffset, true);
  const fraction = options.disjointFraction ?? 0.3;
  requireFinite('disjointFraction', fraction, 0);
  const supervised = new Set<number>();
  const rng = new Rng(options.seed ?? world.params.seed).fork('disjoint-supervision');
  for (let k = 0; k < allPositives.src.length; k++) if (fraction > 0 && rng.next() < fraction) supervised.add(k);
  const held = new Set<number>();
  for (const k of supervised) held.add(allPositives.src[k] * g.nodes.count + allPositives.dst[k]);
  const trainPositives: Pairs =
    fraction > 0
      ? {
          src: Int32Array.from(supervised, (k) => allPositives.src[k]),
          dst: Int32Array.from(supervised, (k) => allPositives.dst[k]),
        }
      : allPositives;
  // Ages are measured at the cut: held-out pairs are scored with the graph as of trainEnd.
  const edges = messageEdges(g, split.trainEnd, recency ? halfLife : null, weight, held);
  const graph = messageGraph(edges.src, edges.dst, g.nodes.count, { edgeAttr: edges.edgeAttr, edgeDim });
  const feats = nodeFeatures(world, g);
  const sampler = split.trainSampler;
  return {
    featureDim: feats.dim,
    featureNames: feats.names,
    edgeDim,
    itemOffset,
    task: {
      features: tf.tensor2d(feats.values, [g.nodes.count, feats.dim]),
      graph,
      edges,
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
  /**
   * The GAT's second edge feature (`adRelevanceTask`'s `edgeWeight`). Default: on with `recency`
   * (the reference model attends on both), off without; other encoders never get it.
   */
  readonly edgeWeight?: boolean;
  readonly disjointFraction?: number;
  readonly heads?: number;
  readonly decoderHidden?: number;
  readonly seed: number;
  readonly maxEpochs: number;
  readonly patience?: number;
  readonly learningRate?: number;
  /** Fresh negatives per training positive each epoch (default 1). */
  readonly negativeRatio?: number;
  /** Mini-batches on sampled neighbourhoods instead of full-batch steps (`trainLinkPredictor`'s `miniBatch`). */
  readonly miniBatch?: LinkMiniBatch;
  readonly onEpoch?: (e: LinkEpoch) => void;
}

/**
 * The task and the untrained reference model (2 layers, 32 hidden → 16 out, RelevanceLinkPredictor)
 * or an ablation of it, as `trainAdRelevance` trains them.
 */
export function buildAdRelevance(
  world: World,
  split: TemporalLinkSplit,
  o: AdRelevanceRunOptions,
): { data: AdRelevanceData; model: LinkModel } {
  const kind = o.kind ?? 'gat';
  const recency = kind === 'gat' && (o.recency ?? true);
  const data = adRelevanceTask(world, split, {
    recency,
    edgeWeight: kind === 'gat' && (o.edgeWeight ?? recency),
    disjointFraction: o.disjointFraction,
    seed: o.seed,
  });
  const model = new LinkModel(
    {
      inChannels: data.featureDim,
      hidden: 32,
      out: 16,
      kind,
      heads: o.heads ?? 1,
      edgeDim: data.edgeDim,
      decoderHidden: o.decoderHidden ?? 16,
    },
    new Rng(o.seed).fork('init'),
  );
  return { data, model };
}

/**
 * The reference model or an ablation (`buildAdRelevance`, or `built`: its untrained output) trained
 * on the ad-relevance task: one call for the notebook and its test.
 */
export async function trainAdRelevance(
  world: World,
  split: TemporalLinkSplit,
  o: AdRelevanceRunOptions,
  built = buildAdRelevance(world, split, o),
): Promise<{ data: AdRelevanceData; model: LinkModel; result: LinkTrainResult }> {
  const { data, model } = built;
  const result = await trainLinkPredictor(model, data.task, {
    seed: o.seed,
    maxEpochs: o.maxEpochs,
    patience: o.patience ?? 20,
    learningRate: o.learningRate ?? 0.01,
    negativeRatio: o.negativeRatio,
    miniBatch: o.miniBatch,
    onEpoch: o.onEpoch,
  });
  return { data, model, result };
}
