import * as tf from '@tensorflow/tfjs';
import type { Planetoid } from '../../data/datasets/planetoid';
import { Rng } from '../../random/rng';
import { meanStd, type MeanStd } from '../../stats/summary';
import { GraphEncoder } from '../../nn/graph-encoder';
import { bothDirections, randomLinkSplit, sampleNonEdges } from '../../data/link-split';
import { disposeMessageGraph, messageGraph } from '../../nn/message-graph';
import { disposeFeatures, sparseFeatures } from '../../nn/sparse-features';
import { gatPaperEncoder, trainNodeClassifier, NodeEpoch, NodeTrainResult } from '../../models/gnn/node-classifier';
import { LinkModel, trainLinkPredictor, type LinkTrainOptions } from '../../models/gnn/link-model';
import { PinlabInputError } from '../../errors';

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

/** The two encoders link prediction is reported with. */
export type LinkEncoder = 'gcn' | 'gat';

/** What each encoder is trained with (the data, split, decoder and Adam lr 0.01 are shared). */
export const LINK_RECIPES: Record<
  LinkEncoder,
  { label: string; kind: 'gcn' | 'gat'; train: Partial<LinkTrainOptions> }
> = {
  // The GAE paper's model (tkipf/gae): GCN 32 → 16 with ReLU, loss over the whole training
  // adjacency with self-loops, 200 epochs, the last epoch's weights.
  gcn: {
    label: 'GAE: GCN 32 → 16, full-adjacency weighted BCE, 200 epochs, last epoch',
    kind: 'gcn',
    train: { objective: 'adjacency', selectOnValidation: false, evalEvery: 0 },
  },
  // pinlab's GAT encoder with PyG link_pred.py's training: fresh 1:1 negatives each epoch, the best
  // validation-AUC epoch, patience 50.
  gat: {
    label: 'GAT 32 → 16, sampled negatives 1:1, best validation-AUC epoch (patience 50)',
    kind: 'gat',
    train: { objective: 'sampled', patience: 50 },
  },
};

/**
 * Link prediction by the GAE protocol (Kipf & Welling 2016; split as PyG's RandomLinkSplit):
 * 85/5/10 edge split, held-out non-edges sampled once 1:1, messages over the training edges only,
 * a 2-layer encoder (32 → 16) with the inner-product decoder, Adam lr 0.01, at most `maxEpochs`;
 * test AUC / AP of the kept weights (`LINK_RECIPES`).
 */
export async function gaeLinkPrediction(
  data: Planetoid,
  seeds: number[],
  encoder: LinkEncoder = 'gcn',
  maxEpochs = 200,
): Promise<{ auc: MeanStd; ap: MeanStd }> {
  const recipe = LINK_RECIPES[encoder];
  if (!recipe) throw new PinlabInputError('encoder', `must be 'gcn' or 'gat', got ${String(encoder)}`);
  const aucs: number[] = [];
  const aps: number[] = [];
  const features = sparseFeatures(data.features, data.numNodes, data.numFeatures);
  for (const seed of seeds) {
    const rng = new Rng(seed);
    const split = randomLinkSplit(data.edgeSrc, data.edgeDst, data.numNodes, rng.fork('split'));
    const mp = bothDirections(split.train);
    const graph = messageGraph(mp.src, mp.dst, data.numNodes);
    const model = new LinkModel(
      {
        inChannels: data.numFeatures,
        hidden: 32,
        out: 16,
        kind: recipe.kind,
        activation: recipe.kind === 'gcn' ? 'relu' : 'elu',
      },
      rng.fork('init'),
    );
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
      { seed, maxEpochs, learningRate: 0.01, ...recipe.train },
    );
    aucs.push(r.testAuc!);
    aps.push(r.testAp!);
    tf.dispose(Object.values(model.variables()));
    disposeMessageGraph(graph);
  }
  disposeFeatures(features);
  return { auc: meanStd(aucs), ap: meanStd(aps) };
}

/** Link prediction's test AUC and AP over seeds. */
export interface LinkPredictionSummary {
  readonly auc: MeanStd;
  readonly ap: MeanStd;
}

/**
 * The numbers `npm run repro:planetoid` records: GAT test accuracy over seeds, and link prediction
 * as issue 13's `{ auc, ap }` numbers — the mean test AUC and AP of the GAE paper's model (GCN
 * encoder) — with each encoder's spread and per-seed values under `encoders`.
 */
export interface PlanetoidReproduction {
  readonly nodeClassification: MeanStd;
  readonly linkPrediction: {
    readonly auc: number;
    readonly ap: number;
    readonly encoders: Record<LinkEncoder, LinkPredictionSummary & { readonly recipe: string }>;
  };
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
  const encoders = {} as Record<LinkEncoder, LinkPredictionSummary & { recipe: string }>;
  for (const encoder of ['gcn', 'gat'] as const) {
    const recipe = LINK_RECIPES[encoder].label;
    log(`link prediction (85/5/10 edge split, inner-product decoder, Adam lr 0.01), ${seeds.length} seeds: ${recipe}`);
    encoders[encoder] = { recipe, ...(await gaeLinkPrediction(data, seeds, encoder)) };
  }
  const gae = published ? `   (published GAE: ${published.gae})` : '';
  const { gcn, gat: gatLp } = encoders;
  log(`${name} link prediction, GAE (GCN encoder): AUC ${ms(gcn.auc)}  AP ${ms(gcn.ap)}${gae}`);
  log(`${name} link prediction, GAT encoder:       AUC ${ms(gatLp.auc)}  AP ${ms(gatLp.ap)}`);
  return {
    nodeClassification: { mean: nc.mean, std: nc.std, values: nc.values },
    linkPrediction: { auc: gcn.auc.mean, ap: gcn.ap.mean, encoders },
  };
}
