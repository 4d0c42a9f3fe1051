import * as tf from '@tensorflow/tfjs';
import type { Planetoid } from '../../data/datasets/planetoid';
import { Rng } from '../../random/rng';
import { meanStd, type MeanStd } from '../../stats/summary';
import { GraphEncoder } from '../../nn/graph-encoder';
import { bothDirections, randomLinkSplit, sampleNonEdges } from '../../data/link-split';
import { disposeMessageGraph, messageGraph } from '../../nn/message-graph';
import { disposeFeatures, sparseFeatures } from '../../nn/sparse-features';
import { gatPaperEncoder, trainNodeClassifier, NodeEpoch, NodeTrainResult } from '../../models/gnn/node-classifier';
import { LinkModel, trainLinkPredictor } from '../../models/gnn/link-model';

/**
 * Published results, in %: GAT test accuracy (Veličković et al. 2018, Table 2), GAE AUC / AP
 * (Kipf & Welling 2016, Table 1).
 */
export const PLANETOID_PUBLISHED: Record<string, { gat: string; gae: string }> = {
  cora: { gat: '83.0 ± 0.7 %', gae: 'AUC 91.0, AP 92.0' },
  citeseer: { gat: '72.5 ± 0.7 %', gae: 'AUC 89.5, AP 89.9' },
  pubmed: { gat: '79.0 ± 0.3 %', gae: 'AUC 96.4, AP 96.5' },
};

/**
 * The GAT paper's transductive node classification, once per seed, with its Cora settings on any
 * Planetoid-layout data set: gatPaperEncoder, Adam lr 0.005, L2 5e-4, patience 100. Unlabeled
 * nodes are in no split, so they enter neither the loss nor the accuracy.
 */
export async function gatNodeClassification(
  data: Planetoid,
  seeds: number[],
  onRun?: (seed: number, r: NodeTrainResult) => void,
  onEpoch?: (seed: number, e: NodeEpoch) => void,
): Promise<MeanStd & { runs: NodeTrainResult[] }> {
  const both = bothDirections({ src: data.edgeSrc, dst: data.edgeDst });
  const graph = messageGraph(both.src, both.dst, data.numNodes);
  const features = sparseFeatures(data.features, data.numNodes, data.numFeatures);
  const runs: NodeTrainResult[] = [];
  for (const seed of seeds) {
    const encoder = new GraphEncoder(gatPaperEncoder(data.numFeatures, data.numClasses), new Rng(seed).fork('init'));
    const r = await trainNodeClassifier(
      encoder,
      {
        features,
        graph,
        labels: data.labels,
        numClasses: data.numClasses,
        train: data.train,
        val: data.val,
        test: data.test,
      },
      {
        seed,
        learningRate: 0.005,
        weightDecay: 5e-4,
        patience: 100,
        maxEpochs: 1000,
        onEpoch: onEpoch && ((e) => onEpoch(seed, e)),
      },
    );
    tf.dispose(Object.values(encoder.variables()));
    runs.push(r);
    onRun?.(seed, r);
  }
  disposeFeatures(features);
  disposeMessageGraph(graph);
  return { ...meanStd(runs.map((r) => r.testAcc)), runs };
}

/**
 * GAE-style link prediction (Kipf & Welling 2016 protocol, PyG's link_pred.py split):
 * 85/5/10 edge split, held-out negatives sampled once 1:1, training negatives resampled each
 * epoch; a 2-layer GAT encoder (32 → 16) with the inner-product decoder, Adam lr 0.01, test
 * AUC/AP at the best validation epoch.
 */
export async function gaeLinkPrediction(
  data: Planetoid,
  seeds: number[],
  maxEpochs = 200,
): Promise<{ auc: MeanStd; ap: MeanStd }> {
  const aucs: number[] = [];
  const aps: number[] = [];
  const features = sparseFeatures(data.features, data.numNodes, data.numFeatures);
  for (const seed of seeds) {
    const rng = new Rng(seed);
    const split = randomLinkSplit(data.edgeSrc, data.edgeDst, data.numNodes, rng.fork('split'));
    const mp = bothDirections(split.train);
    const graph = messageGraph(mp.src, mp.dst, data.numNodes);
    const model = new LinkModel({ inChannels: data.numFeatures, hidden: 32, out: 16, kind: 'gat' }, rng.fork('init'));
    const r = await trainLinkPredictor(
      model,
      {
        features,
        graph,
        trainPositives: split.train,
        val: split.val,
        test: split.test,
        sampleNegatives: (g, count) => sampleNonEdges(g, data.numNodes, count, split.trainKeys),
      },
      { seed, maxEpochs, learningRate: 0.01, patience: 50 },
    );
    aucs.push(r.testAuc!);
    aps.push(r.testAp!);
    tf.dispose(Object.values(model.variables()));
    disposeMessageGraph(graph);
  }
  disposeFeatures(features);
  return { auc: meanStd(aucs), ap: meanStd(aps) };
}

/** The numbers `npm run repro:planetoid` records: test accuracy over seeds, and link-prediction AUC / AP over seeds. */
export interface PlanetoidReproduction {
  readonly nodeClassification: MeanStd;
  readonly linkPrediction: { readonly auc: MeanStd; readonly ap: MeanStd };
}

/**
 * Runs both experiments on data set `name` for `seeds`, reporting to `log` each node-classification
 * run, every 50th epoch, and each summary beside the published numbers where known.
 */
export async function reproducePlanetoid(
  name: string,
  data: Planetoid,
  seeds: number[],
  log: (line: string) => void,
): Promise<PlanetoidReproduction> {
  const pct = (x: number) => (100 * x).toFixed(1);
  const ms = (m: MeanStd) => `${pct(m.mean)} ± ${pct(m.std)}`;
  const published = PLANETOID_PUBLISHED[name];
  const d = data;
  log(`${name}: ${d.numNodes} nodes, ${d.numFeatures} features, ${d.numClasses} classes, ${d.edgeSrc.length} edges`);
  const gat = '8 heads × 8 hidden, ELU, dropout 0.6, L2 5e-4, lr 0.005, patience 100';
  log(`GAT node classification, ${seeds.length} seeds (${gat})`);
  const nc = await gatNodeClassification(
    data,
    seeds,
    (seed, r) => {
      const acc = `test ${pct(r.testAcc)} %  val ${pct(r.valAcc)} %`;
      log(`  seed ${seed}: ${acc}  best epoch ${r.bestEpoch}/${r.epochs}  ${r.seconds.toFixed(1)} s`);
    },
    (seed, e) => {
      if (e.epoch % 50 !== 0) return;
      const loss = `train loss ${e.trainLoss.toFixed(4)}  val loss ${e.valLoss.toFixed(4)}`;
      log(`    seed ${seed} epoch ${e.epoch}: ${loss}  val acc ${pct(e.valAcc)} %`);
    },
  );
  log(`${name} GAT test accuracy: ${ms(nc)} %${published ? `   (published ${published.gat})` : ''}`);
  log(`GAE-style link prediction (85/5/10, GAT 32 → 16, inner product), ${seeds.length} seeds`);
  const lp = await gaeLinkPrediction(data, seeds);
  const gae = published ? `   (published GAE: ${published.gae})` : '';
  log(`${name} link prediction: AUC ${ms(lp.auc)}  AP ${ms(lp.ap)}${gae}`);
  return { nodeClassification: { mean: nc.mean, std: nc.std, values: nc.values }, linkPrediction: lp };
}
