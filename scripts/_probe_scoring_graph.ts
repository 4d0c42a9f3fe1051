// Validation-only probe (not committed): which graph should a later window's pairs be scored on?
// A split shifted one window earlier (cut 0.55, validation 0.55–0.70) trains the notebook-04 GAT;
// its "test" pairs are restricted to [0.70, 0.85), the real validation window. Real test pairs
// (from 0.85 on) are never scored.
import { loadOrGenerateWorld, temporalLinkSplit, graphAsOf, rocAuc, adRelevance, chooseBackend } from '../lib/index';
import { evaluateLinks } from '../lib/models/gnn/link-model';
async function main(): Promise<void> {
  const seed = Number(process.argv[2]);
  await chooseBackend();
  const { world } = loadOrGenerateWorld({ seed: 42, scale: 1 });
  const split = temporalLinkSplit(world, { seed: 42, valStart: 0.55, testStart: 0.7 });
  const stop = 0.85 * world.horizon;
  const keep = [] as number[];
  for (let k = 0; k < split.test.count; k++) if (split.test.time[k] < stop) keep.push(k);
  const o = {
    kind: 'gat' as const,
    recency: true,
    heads: 1,
    seed,
    maxEpochs: 30,
    patience: 4,
    miniBatch: { batchSize: 512, fanout: [10, 5] },
  };
  const built = adRelevance.buildAdRelevance(world, split, o);
  const off = built.data.itemOffset;
  const pseudo = {
    src: Int32Array.from(keep, (k) => split.test.user[k]),
    dst: Int32Array.from(keep, (k) => off + split.test.item[k]),
    label: Uint8Array.from(keep, (k) => split.test.label[k]),
  };
  const bayes = rocAuc(
    Float32Array.from(keep, (k) => split.test.pTrue[k]),
    pseudo.label,
  );
  const bayesVal = rocAuc(split.val.pTrue, split.val.label);
  const task = { ...built.data.task, test: undefined };
  const t0 = Date.now();
  const run = await adRelevance.trainAdRelevance(world, split, o, {
    data: { ...built.data, task },
    model: built.model,
  });
  const later = graphAsOf(world, split, split.valEnd);
  const views = {
    a_training_message_graph: task,
    b_all_edges_before_cut: adRelevance.adRelevanceView(world, split.graph, { recency: true }),
    c_edges_before_window_features_at_cut: adRelevance.adRelevanceView(world, later, {
      recency: true,
      featureGraph: split.graph,
    }),
    d_edges_and_features_before_window: adRelevance.adRelevanceView(world, later, { recency: true }),
  };
  const out: Record<string, unknown> = {
    seed,
    pairs: keep.length,
    bayes,
    bayesVal,
    bestEpoch: run.result.bestEpoch,
    epochs: run.result.history.length,
    bestValAuc: run.result.bestValAuc,
    minutes: (Date.now() - t0) / 60000,
  };
  for (const [name, view] of Object.entries(views)) {
    out[name] = evaluateLinks(run.model, view, pseudo).auc;
    if (name.startsWith('a') || name.startsWith('b')) out[`${name}_val`] = evaluateLinks(run.model, view, task.val).auc;
  }
  console.log(JSON.stringify(out));
}
void main();
