import * as tf from '@tensorflow/tfjs';
import { PinlabInputError, requireFinite, requireInt } from '../../errors';
import { averagePrecision, rocAuc } from '../../metrics/classification';
import { Rng } from '../../random/rng';
import type { LabeledPairs, Pairs } from '../../data/types';
import { labeledPairs } from '../../data/link-split';
import { GraphEncoder, EncoderOptions } from '../../nn/graph-encoder';
import { ForwardContext, Module, childVariables } from '../../nn/module';
import { RelevanceLinkPredictor } from '../../nn/link-predictor';
import { MessageGraph } from '../../nn/message-graph';
import { NodeFeaturesInput } from '../../nn/sparse-features';
import { l2Penalty, moduleState, restoreModule } from '../../train/tf-training';
import { fit, type Trainable } from '../../train/fit';
import { adjacencyTargets, disposeAdjacencyTargets, innerProductAdjacencyBce, linkBce } from '../../losses/link-bce';
import { maximize } from '../../train/early-stopping';
import { checkpointHandler, saveModule } from '../../io/tf-weights';

/** A link-prediction problem: features, the message-passing graph (training edges only), supervision. */
export interface LinkTask {
  readonly features: NodeFeaturesInput;
  readonly graph: MessageGraph;
  readonly trainPositives: Pairs;
  readonly val: LabeledPairs;
  readonly test?: LabeledPairs;
  /** Fresh negatives each epoch (e.g. random user–ad pairs); `count` pairs. */
  sampleNegatives(rng: Rng, count: number): Pairs;
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

  embed(task: Pick<LinkTask, 'features' | 'graph'>, ctx: ForwardContext): tf.Tensor2D {
    return this.encoder.apply(task.features, task.graph, ctx);
  }

  /** P(link) for each pair, in evaluation mode. */
  predict(task: Pick<LinkTask, 'features' | 'graph'>, pairs: Pairs): Float32Array {
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

function concatPairs(a: Pairs, b: Pairs): { src: tf.Tensor1D; dst: tf.Tensor1D; labels: tf.Tensor1D } {
  const { src, dst, label } = labeledPairs(a, b);
  return {
    src: tf.tensor1d(src, 'int32'),
    dst: tf.tensor1d(dst, 'int32'),
    labels: tf.tensor1d(Float32Array.from(label)),
  };
}

/** ROC-AUC and AP of the model on labelled pairs. */
export function evaluateLinks(
  model: LinkModel,
  task: Pick<LinkTask, 'features' | 'graph'>,
  pairs: LabeledPairs,
): { auc: number; ap: number } {
  const p = model.predict(task, pairs);
  return { auc: rocAuc(p, pairs.label), ap: averagePrecision(p, pairs.label) };
}

/**
 * Full-batch training through `fit`: each epoch embeds every node and takes one Adam step on
 *   L = BCE + (λ/2) Σ‖W‖²,
 * the BCE either over the training positives and `negativeRatio` × as many fresh negatives
 * (objective 'sampled') or over the whole N × N adjacency (objective 'adjacency', GAE's loss).
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
  const select = opts.selectOnValidation ?? true;
  const adjacency = objective === 'adjacency' ? adjacencyTargets(task.trainPositives, task.graph.numNodes) : null;
  const optimizer = tf.train.adam(lr);
  const varList = Object.values(model.variables());
  const history: LinkEpoch[] = [];
  const step = async (bce: (z: tf.Tensor2D) => tf.Scalar, ctx: ForwardContext): Promise<number> => {
    const lossT = optimizer.minimize(
      () => {
        const loss = bce(model.embed(task, ctx));
        return (opts.weightDecay ? tf.add(loss, l2Penalty(model, opts.weightDecay)) : loss) as tf.Scalar;
      },
      true,
      varList,
    ) as tf.Scalar;
    const loss = (await lossT.data())[0];
    lossT.dispose();
    return loss;
  };
  const trainable: Trainable = {
    async trainEpoch(rng) {
      const ctx: ForwardContext = { training: true, rng: rng.fork('dropout') };
      if (adjacency) return step((z) => innerProductAdjacencyBce(z, adjacency), ctx);
      const negatives = task.sampleNegatives(rng.fork('negatives'), Math.round(ratio * task.trainPositives.src.length));
      const batch = concatPairs(task.trainPositives, negatives);
      const loss = await step((z) => linkBce(model.decoder.logits(z, batch.src, batch.dst), batch.labels), ctx);
      tf.dispose([batch.src, batch.dst, batch.labels]);
      return loss;
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
