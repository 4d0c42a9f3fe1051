import * as tf from '@tensorflow/tfjs';
import { PinlabInputError, requireInt } from '../../errors';
import { Rng } from '../../random/rng';
import { EncoderOptions, GraphEncoder } from '../../nn/graph-encoder';
import { ForwardContext } from '../../nn/module';
import { MessageGraph } from '../../nn/message-graph';
import { NodeFeaturesInput } from '../../nn/sparse-features';
import { l2Penalty, moduleState, restoreModule } from '../../train/tf-training';
import { fit, type Trainable } from '../../train/fit';
import { TfAdam } from '../../train/tf-adam';
import { accuracyOrLoss } from '../../train/early-stopping';

/** Semi-supervised node classification (Planetoid-style): features, graph, labels, index splits. */
export interface NodeTask {
  readonly features: NodeFeaturesInput;
  readonly graph: MessageGraph;
  readonly labels: Int32Array;
  readonly numClasses: number;
  readonly train: Int32Array;
  readonly val: Int32Array;
  readonly test: Int32Array;
}

export interface NodeTrainOptions {
  readonly seed: number;
  readonly maxEpochs?: number;
  readonly learningRate?: number;
  readonly weightDecay?: number;
  /** GAT's rule: stop once neither validation loss nor accuracy improved for this many epochs. */
  readonly patience?: number;
  readonly onEpoch?: (e: NodeEpoch) => void;
}

export interface NodeEpoch {
  readonly epoch: number;
  readonly trainLoss: number;
  readonly valLoss: number;
  readonly valAcc: number;
}

export interface NodeTrainResult {
  readonly epochs: number;
  readonly bestEpoch: number;
  readonly valAcc: number;
  readonly testAcc: number;
  readonly seconds: number;
}

/** The GAT paper's Cora model: 8 heads × 8 hidden (ELU), one output head, dropout 0.6 on inputs and attention. */
export function gatPaperEncoder(inChannels: number, numClasses: number): EncoderOptions {
  return {
    inChannels,
    hidden: 8,
    heads: 8,
    out: numClasses,
    outHeads: 1,
    kind: 'gat',
    featureDropout: 0.6,
    attentionDropout: 0.6,
  };
}

/** Mean cross-entropy and accuracy of logits on the nodes `idx`. */
function lossAndAccuracy(
  logits: tf.Tensor2D,
  idx: tf.Tensor1D,
  onehot: tf.Tensor2D,
): { loss: tf.Scalar; acc: tf.Scalar } {
  const l = tf.gather(logits, idx);
  const loss = tf.losses.softmaxCrossEntropy(onehot, l) as tf.Scalar;
  const acc = tf.mean(tf.cast(tf.equal(tf.argMax(l, 1), tf.argMax(onehot, 1)), 'float32')) as tf.Scalar;
  return { loss, acc };
}

/**
 * Every node of a split must carry a class: an unlabeled node (label −1) would enter the loss as an
 * all-zero one-hot row and count as class 0 in accuracy.
 */
function requireLabeledSplits(task: NodeTask): void {
  for (const [name, ix] of [
    ['train', task.train],
    ['val', task.val],
    ['test', task.test],
  ] as const) {
    ix.forEach((i, k) => {
      const y = i >= 0 && i < task.labels.length ? task.labels[i] : undefined;
      if (y === undefined || y < 0 || y >= task.numClasses) {
        const classes = `[0, ${task.numClasses - 1}]`;
        const reason = `node ${i} has label ${y}; a split holds only nodes with a class in ${classes}`;
        throw new PinlabInputError(name, reason, k);
      }
    });
  }
}

/**
 * Trains a node classifier as Veličković et al. (2018) do, through `fit`: full batch, Adam,
 * cross-entropy on the training nodes + (λ/2)Σ‖W‖², early stopping with patience on validation loss
 * and accuracy (`accuracyOrLoss`); the weights of the best validation epoch (accuracy, ties to lower
 * loss) are restored and scored on the test nodes.
 */
export async function trainNodeClassifier(
  encoder: GraphEncoder,
  task: NodeTask,
  opts: NodeTrainOptions,
): Promise<NodeTrainResult> {
  const maxEpochs = opts.maxEpochs ?? 1000;
  requireInt('maxEpochs', maxEpochs, 1);
  requireLabeledSplits(task);
  const optimizer = TfAdam.likeTfjs(Object.values(encoder.variables()), opts.learningRate ?? 0.005);
  const sets = [task.train, task.val, task.test].map((ix) => ({
    idx: tf.tensor1d(ix, 'int32'),
    onehot: tf.oneHot(
      tf.tensor1d(
        Int32Array.from(ix, (i) => task.labels[i]),
        'int32',
      ),
      task.numClasses,
    ) as tf.Tensor2D,
  }));
  const [train, val, test] = sets;
  const evalCtx: ForwardContext = { training: false, rng: new Rng(opts.seed).fork('eval') };
  const trainable: Trainable = {
    trainEpoch(rng) {
      const ctx: ForwardContext = { training: true, rng };
      return optimizer.minimize(() => {
        const logits = encoder.apply(task.features, task.graph, ctx);
        const { loss } = lossAndAccuracy(logits, train.idx, train.onehot);
        return opts.weightDecay ? (tf.add(loss, l2Penalty(encoder, opts.weightDecay)) as tf.Scalar) : loss;
      });
    },
    state: () => moduleState(encoder),
    restore: (state) => restoreModule(encoder, state),
  };
  type Validation = { valLoss: number; valAcc: number };
  const run = await fit<Validation>(trainable, {
    seed: opts.seed,
    maxEpochs,
    evalEvery: 1,
    evaluate: () =>
      tf.tidy(() => {
        const r = lossAndAccuracy(encoder.apply(task.features, task.graph, evalCtx), val.idx, val.onehot);
        return { valLoss: r.loss.dataSync()[0], valAcc: r.acc.dataSync()[0] };
      }),
    earlyStopping: {
      monitor: accuracyOrLoss(
        (e: Validation) => e.valAcc,
        (e) => e.valLoss,
      ),
      patience: opts.patience ?? 100,
    },
    onEpoch: (p) => opts.onEpoch?.({ epoch: p.epoch, trainLoss: p.loss, valLoss: p.valLoss!, valAcc: p.valAcc! }),
  });
  optimizer.dispose();
  const [valAcc, testAcc] = tf.tidy(() => {
    const logits = encoder.apply(task.features, task.graph, evalCtx);
    return [val, test].map((s) => lossAndAccuracy(logits, s.idx, s.onehot).acc.dataSync()[0]);
  });
  tf.dispose(sets.flatMap((s) => [s.idx, s.onehot]));
  return {
    epochs: run.epochs,
    bestEpoch: run.bestEpoch!,
    valAcc,
    testAcc,
    seconds: run.trainSeconds + run.evalSeconds,
  };
}
