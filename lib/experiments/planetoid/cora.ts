import * as tf from '@tensorflow/tfjs';
import type { Cora } from '../../data/datasets/planetoid';
import { Rng } from '../../random/rng';
import { meanStd, type MeanStd } from '../../stats/summary';
import { GraphEncoder } from '../../nn/graph-encoder';
import { bothDirections, randomLinkSplit, sampleNonEdges } from '../../data/link-split';
import { disposeMessageGraph, messageGraph } from '../../nn/message-graph';
import { disposeFeatures, sparseFeatures } from '../../nn/sparse-features';
import { gatPaperEncoder, trainNodeClassifier, NodeEpoch, NodeTrainResult } from '../../models/gnn/node-classifier';
import { LinkModel, trainLinkPredictor } from '../../models/gnn/link-model';

/**
 * The GAT paper's transductive Cora experiment, once per seed: gatPaperEncoder, Adam lr 0.005,
 * L2 5e-4, patience 100. Published: 83.0 ± 0.7 % test accuracy.
 */
export async function coraNodeClassification(
  cora: Cora, seeds: number[], onRun?: (seed: number, r: NodeTrainResult) => void, onEpoch?: (seed: number, e: NodeEpoch) => void,
): Promise<MeanStd & { runs: NodeTrainResult[] }> {
  const both = bothDirections({ src: cora.edgeSrc, dst: cora.edgeDst });
  const graph = messageGraph(both.src, both.dst, cora.numNodes);
  const features = sparseFeatures(cora.features, cora.numNodes, cora.numFeatures);
  const runs: NodeTrainResult[] = [];
  for (const seed of seeds) {
    const encoder = new GraphEncoder(gatPaperEncoder(cora.numFeatures, cora.numClasses), new Rng(seed).fork('init'));
    const r = await trainNodeClassifier(encoder, { features, graph, labels: cora.labels, numClasses: cora.numClasses, train: cora.train, val: cora.val, test: cora.test }, {
      seed, learningRate: 0.005, weightDecay: 5e-4, patience: 100, maxEpochs: 1000, onEpoch: onEpoch && ((e) => onEpoch(seed, e)),
    });
    tf.dispose(Object.values(encoder.variables()));
    runs.push(r);
    onRun?.(seed, r);
  }
  disposeFeatures(features);
  disposeMessageGraph(graph);
  return { ...meanStd(runs.map((r) => r.testAcc)), runs };
}

/**
 * GAE-style link prediction on Cora (Kipf & Welling 2016 protocol, PyG's link_pred.py split):
 * 85/5/10 edge split, held-out negatives sampled once 1:1, training negatives resampled each
 * epoch; a 2-layer GAT encoder (32 → 16) with the inner-product decoder, Adam lr 0.01, test
 * AUC/AP at the best validation epoch. Published GAE: AUC 91.0, AP 92.0.
 */
export async function coraLinkPrediction(cora: Cora, seeds: number[], maxEpochs = 200): Promise<{ auc: MeanStd; ap: MeanStd }> {
  const aucs: number[] = [];
  const aps: number[] = [];
  const features = sparseFeatures(cora.features, cora.numNodes, cora.numFeatures);
  for (const seed of seeds) {
    const rng = new Rng(seed);
    const split = randomLinkSplit(cora.edgeSrc, cora.edgeDst, cora.numNodes, rng.fork('split'));
    const mp = bothDirections(split.train);
    const graph = messageGraph(mp.src, mp.dst, cora.numNodes);
    const model = new LinkModel({ inChannels: cora.numFeatures, hidden: 32, out: 16, kind: 'gat' }, rng.fork('init'));
    const r = await trainLinkPredictor(model, {
      features, graph, trainPositives: split.train, val: split.val, test: split.test,
      sampleNegatives: (g, count) => sampleNonEdges(g, cora.numNodes, count, split.trainKeys),
    }, { seed, maxEpochs, learningRate: 0.01, patience: 50 });
    aucs.push(r.testAuc!);
    aps.push(r.testAp!);
    tf.dispose(Object.values(model.variables()));
    disposeMessageGraph(graph);
  }
  disposeFeatures(features);
  return { auc: meanStd(aucs), ap: meanStd(aps) };
}
