import * as tf from '@tensorflow/tfjs';
import { PinlabInputError, requireFinite, requireInt } from '../../errors';
import { averagePrecision, rocAuc } from '../../metrics/classification';
import { Rng } from '../../random/rng';
import type { LabeledPairs, Pairs } from '../../data/types';
import { labeledPairs } from '../../data/link-split';
import { GraphEncoder, EncoderOptions } from '../../nn/graph-encoder';
import { ForwardContext, Module, childVariables } from '../../nn/module';
import { RelevanceLinkPredictor } from '../../nn/link-predictor';
import { MessageGraph, disposeMessageGraph, messageGraph } from '../../nn/message-graph';
import { type InEdges, inEdges, sampleNeighbours } from '../../graph/neighbour-sampler';
import { NodeFeaturesInput } from '../../nn/sparse-features';
import { l2Penalty, moduleState, restoreModule } from '../../train/tf-training';
import { fit, type Trainable } from '../../train/fit';
import { TfAdam } from '../../train/tf-adam';
import { adjacencyTargets, disposeAdjacencyTargets, innerProductAdjacencyBce, linkBce } from '../../losses/link-bce';
import { maximize } from '../../train/early-stopping';
import { checkpointHandler, saveModule } from '../../io/tf-weights';

/** What a link model scores pairs on: node features and a message graph. */
export interface LinkInputs {
  readonly features: NodeFeaturesInput;
  readonly graph: MessageGraph;
}

/** A link-prediction problem: features, the message-passing graph (training edges only), supervision. */
export interface LinkTask extends LinkInputs {
  readonly trainPositives: Pairs;
  readonly val: LabeledPairs;
  readonly test?: LabeledPairs;
  /** Fresh negatives each epoch (e.g. random user–ad pairs); `count` pairs. */
  sampleNegatives(rng: Rng, count: number): Pairs;
  /**
   * The edges of `graph` as host arrays, without its self-loops (`edgeAttr` row-major [E, edgeDim]):
   * what mini-batch training samples neighbourhoods from.
   */
  readonly edges?: { readonly src: Int32Array; readonly dst: Int32Array; readonly edgeAttr?: Float32Array };
}

/**
 * Mini-batch training on sampled neighbourhoods (PyG's LinkNeighborLoader): each step takes
 * `batchSize` labelled pairs, samples `fanout[h]` in-edges per node at hop h around their end
 * points, and runs the encoder on that block only.
 */
export interface LinkMiniBatch {
  readonly batchSize: number;
  /** In-edges sampled per node and hop, one entry per hop (−1: all); as many hops as encoder layers. */
  readonly fanout: readonly number[];
}

/** Encoder + decoder: P(click | user, ad) = σ(decoder(encoder(x, graph)_user, …_ad)). */
export class LinkModel implements Module {
  readonly encoder: GraphEncoder;
  readonly decoder: RelevanceLinkPredictor;

  constructor(
    readonly options: EncoderOptions & { decoderHidden?: number },
    rng: Rng,
  ) {
    this.encoder = new GraphEncoder(options, rng.fork('encoder'));
    this.decoder = new RelevanceLinkPredictor(this.encoder.outWidth, options.decoderHidden ?? 0, rng.fork('decoder'));
  }

  variables(): Record<string, tf.Variable> {
    return childVariables({ encoder: this.encoder, decoder: this.decoder });
  }

  embed(task: LinkInputs, ctx: ForwardContext): tf.Tensor2D {
    return this.encoder.apply(task.features, task.graph, ctx);
  }

  /** P(link) for each pair, in evaluation mode. */
  predict(task: LinkInputs, pairs: Pairs): Float32Array {
    return tf.tidy(() => {
      const z = this.embed(task, { training: false, rng: new Rng(0) });
      return this.decoder
        .probabilities(z, tf.tensor1d(pairs.src, 'int32'), tf.tensor1d(pairs.dst, 'int32'))
        .dataSync() as Float32Array;
    });
  }
}

export interface LinkTrainOptions {
  readonly seed: number;
  readonly maxEpochs: number;
  readonly learningRate?: number;
  readonly weightDecay?: number;
  /**
   * 'sampled' (default): BCE on the training positives and fresh negatives each epoch (PyG's
   * link_pred.py). 'adjacency': GAE's loss, BCE over all N² node pairs against the training
   * adjacency with self-loops, positives weighted (adjacencyReconstructionBce); no negatives drawn.
   */
  readonly objective?: 'sampled' | 'adjacency';
  /**
   * Keep the weights of the epoch with the best validation AUC and stop early (default), or train
   * all `maxEpochs` and keep the last (the GAE paper's protocol).
   */
  readonly selectOnValidation?: boolean;
  /** Stop after this many evaluations without a better validation AUC. */
  readonly patience?: number;
  readonly evalEvery?: number;
  /** Negatives per positive each epoch. */
  readonly negativeRatio?: number;
  /** The best model (by validation AUC) is saved here, atomically. */
  readonly checkpointFile?: string;
  /** Train on sampled neighbourhoods in mini-batches instead of one full-batch step per epoch (needs `task.edges`). */
  readonly miniBatch?: LinkMiniBatch;
  readonly onEpoch?: (e: LinkEpoch) => void;
}

export interface LinkEpoch {
  readonly epoch: number;
  readonly maxEpochs: number;
  /** Mean binary cross-entropy over the epoch's positives and negatives. */
  readonly loss: number;
  readonly valAuc?: number;
  readonly seconds: number;
}

export interface LinkTrainResult {
  readonly history: LinkEpoch[];
  /** The epoch whose weights the model ends in (the last without selection on validation) and its validation AUC. */
  readonly bestEpoch: number;
  readonly bestValAuc: number;
  readonly testAuc?: number;
  readonly testAp?: number;
  readonly trainSeconds: number;
}

type Step = (features: NodeFeaturesInput, graph: MessageGraph, pairs: LabeledPairs, rng: Rng) => number;

/**
 * One mini-batch epoch over labelled pairs: shuffled, cut into batches, each batch's end points the
 * seeds of a fan-out sample; one Adam step per block. Returns the pair-weighted mean loss.
 */
function miniBatchSteps(
  task: LinkTask,
  mb: LinkMiniBatch,
  layers: number,
): (pairs: LabeledPairs, rng: Rng, step: Step) => number {
  requireInt('miniBatch.batchSize', mb.batchSize, 1);
  if (mb.fanout.length !== layers)
    throw new PinlabInputError(
      'miniBatch.fanout',
      `needs one entry per encoder layer (${layers}), got ${mb.fanout.length}`,
    );
  if (!task.edges)
    throw new PinlabInputError('task.edges', 'mini-batch training samples from the edge arrays: none given');
  if (!(task.features instanceof tf.Tensor))
    throw new PinlabInputError('task.features', 'mini-batch training needs dense node features');
  const features = task.features as tf.Tensor2D;
  const { src, dst, edgeAttr } = task.edges;
  const edgeDim = edgeAttr ? edgeAttr.length / Math.max(1, src.length) : 0;
  const graph: InEdges = inEdges(src, dst, task.graph.numNodes);
  return (pairs, rng, step) => {
    const n = pairs.src.length;
    const order = rng.fork('order').shuffle(Int32Array.from({ length: n }, (_, k) => k));
    const sampling = rng.fork('neighbours');
    const dropout = rng.fork('dropout');
    let total = 0;
    for (let b = 0; b < n; b += mb.batchSize) {
      const idx = order.subarray(b, Math.min(n, b + mb.batchSize));
      const m = idx.length;
      const seeds = new Int32Array(2 * m);
      for (let k = 0; k < m; k++) {
        seeds[k] = pairs.src[idx[k]];
        seeds[m + k] = pairs.dst[idx[k]];
      }
      const block = sampleNeighbours(graph, seeds, mb.fanout, sampling);
      let attr: Float32Array | undefined;
      if (edgeAttr) {
        attr = new Float32Array(block.edge.length * edgeDim);
        for (let e = 0; e < block.edge.length; e++)
          for (let d = 0; d < edgeDim; d++) attr[e * edgeDim + d] = edgeAttr[block.edge[e] * edgeDim + d];
      }
      const g = messageGraph(block.src, block.dst, block.nodes.length, { edgeAttr: attr, edgeDim });
      const x = tf.tidy(() => tf.gather(features, tf.tensor1d(block.nodes, 'int32')));
      const local: LabeledPairs = {
        src: block.seedLocal.subarray(0, m),
        dst: block.seedLocal.subarray(m),
        label: Uint8Array.from(idx, (k) => pairs.label[k]),
      };
      total += step(x, g, local, dropout) * m;
      x.dispose();
      disposeMessageGraph(g);
    }
    return total / n;
  };
}

/** ROC-AUC and AP of the model on labelled pairs. */
export function evaluateLinks(model: LinkModel, task: LinkInputs, pairs: LabeledPairs): { auc: number; ap: number } {
  const p = model.predict(task, pairs);
  return { auc: rocAuc(p, pairs.label), ap: averagePrecision(p, pairs.label) };
}

/**
 * Training through `fit`: each epoch takes Adam steps on
 *   L = BCE + (λ/2) Σ‖W‖²,
 * the BCE either over the training positives and `negativeRatio` × as many fresh negatives
 * (objective 'sampled') or over the whole N × N adjacency (objective 'adjacency', GAE's loss).
 * 'sampled' trains full batch (one step over every node's embedding) or, with `miniBatch`, one step
 * per batch of pairs on their sampled neighbourhoods (`miniBatchSteps`); evaluation is always full graph.
 * Validation AUC every `evalEvery` epochs drives early stopping and the best weights are restored
 * (and checkpointed), unless `selectOnValidation` is false. Epoch e's randomness comes from
 * `Rng(seed).fork('epoch-e')`.
 */
export async function trainLinkPredictor(
  model: LinkModel,
  task: LinkTask,
  opts: LinkTrainOptions,
): Promise<LinkTrainResult> {
  requireInt('maxEpochs', opts.maxEpochs, 1);
  const lr = opts.learningRate ?? 0.01;
  requireFinite('learningRate', lr, 0);
  const ratio = opts.negativeRatio ?? 1;
  requireFinite('negativeRatio', ratio, 0);
  if (task.trainPositives.src.length !== task.trainPositives.dst.length)
    throw new PinlabInputError('trainPositives.dst', 'length must equal src length');
  const objective = opts.objective ?? 'sampled';
  if (objective !== 'sampled' && objective !== 'adjacency')
    throw new PinlabInputError('objective', `must be 'sampled' or 'adjacency', got ${String(objective)}`);
  if (objective === 'adjacency' && model.decoder.hidden !== 0)
    throw new PinlabInputError(
      'objective',
      "'adjacency' is GAE's loss for the inner-product decoder (decoderHidden 0)",
    );
  if (objective === 'adjacency' && opts.miniBatch)
    throw new PinlabInputError('miniBatch', "'adjacency' reconstructs the whole graph: it trains full batch only");
  const select = opts.selectOnValidation ?? true;
  const adjacency = objective === 'adjacency' ? adjacencyTargets(task.trainPositives, task.graph.numNodes) : null;
  const optimizer = TfAdam.likeTfjs(Object.values(model.variables()), lr);
  const history: LinkEpoch[] = [];
  /** One Adam step on `loss` of the encoder's output for `graph`. */
  const stepOn = (
    features: NodeFeaturesInput,
    graph: MessageGraph,
    loss: (z: tf.Tensor2D) => tf.Scalar,
    ctx: ForwardContext,
  ): number =>
    optimizer.minimize(() => {
      const l = loss(model.encoder.apply(features, graph, ctx));
      return (opts.weightDecay ? tf.add(l, l2Penalty(model, opts.weightDecay)) : l) as tf.Scalar;
    });
  const pairStep = (features: NodeFeaturesInput, graph: MessageGraph, pairs: LabeledPairs, rng: Rng): number => {
    const src = tf.tensor1d(pairs.src, 'int32');
    const dst = tf.tensor1d(pairs.dst, 'int32');
    const labels = tf.tensor1d(Float32Array.from(pairs.label));
    const value = stepOn(features, graph, (z) => linkBce(model.decoder.logits(z, src, dst), labels), {
      training: true,
      rng,
    });
    tf.dispose([src, dst, labels]);
    return value;
  };
  const sampled = opts.miniBatch ? miniBatchSteps(task, opts.miniBatch, model.encoder.layers.length) : undefined;
  const trainable: Trainable = {
    async trainEpoch(rng) {
      if (adjacency)
        return stepOn(task.features, task.graph, (z) => innerProductAdjacencyBce(z, adjacency), {
          training: true,
          rng: rng.fork('dropout'),
        });
      const negatives = task.sampleNegatives(rng.fork('negatives'), Math.round(ratio * task.trainPositives.src.length));
      const pairs = labeledPairs(task.trainPositives, negatives);
      if (!sampled) return pairStep(task.features, task.graph, pairs, rng.fork('dropout'));
      return sampled(pairs, rng, pairStep);
    },
    state: () => moduleState(model),
    restore: (state) => restoreModule(model, state),
  };
  const run = await fit<{ valAuc: number }>(trainable, {
    seed: opts.seed,
    maxEpochs: opts.maxEpochs,
    evalEvery: opts.evalEvery ?? 1,
    evaluate: () => ({ valAuc: evaluateLinks(model, task, task.val).auc }),
    earlyStopping: select ? { monitor: maximize((e) => e.valAuc), patience: opts.patience ?? 20 } : undefined,
    onEpoch: (p) => {
      const rec: LinkEpoch = {
        epoch: p.epoch,
        maxEpochs: opts.maxEpochs,
        loss: p.loss,
        valAuc: p.valAuc,
        seconds: p.trainSeconds,
      };
      history.push(rec);
      opts.onEpoch?.(rec);
    },
  });
  optimizer.dispose();
  if (adjacency) disposeAdjacencyTargets(adjacency);
  const last = run.history[run.history.length - 1];
  const bestValAuc = (select ? run.best?.valAuc : last?.valAuc) ?? -Infinity;
  if (opts.checkpointFile) {
    await saveModule(model, checkpointHandler(opts.checkpointFile), {
      options: model.options,
      bestEpoch: select ? run.bestEpoch : run.epochs,
      bestValAuc,
    });
  }
  const test = task.test ? evaluateLinks(model, task, task.test) : undefined;
  return {
    history,
    bestEpoch: select ? run.bestEpoch! : run.epochs,
    bestValAuc,
    testAuc: test?.auc,
    testAp: test?.ap,
    trainSeconds: run.trainSeconds,
  };
}
