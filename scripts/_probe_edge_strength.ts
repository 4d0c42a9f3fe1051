// Validation-only probe (not committed): notebook 04's GAT at scale 1 with an edge-strength feature.
import { loadOrGenerateWorld, temporalLinkSplit, adRelevance, chooseBackend } from '../lib/index';
async function main(): Promise<void> {
  const seed = Number(process.argv[2]);
  const strength = process.argv[3] as 'none' | 'weight' | 'count';
  const emb = Number(process.argv[4] ?? 0);
  const extra = JSON.parse(process.argv[5] ?? '{}');
  await chooseBackend();
  const { world } = loadOrGenerateWorld({ seed: 42, scale: 1 });
  const split = temporalLinkSplit(world, { seed: 42 });
  const o = {
    kind: 'gat' as const,
    recency: true,
    edgeStrength: strength,
    nodeEmbedding: emb,
    heads: 1,
    seed,
    maxEpochs: 30,
    patience: 4,
    miniBatch: { batchSize: 512, fanout: [10, 5] },
    ...extra,
  };
  const built = adRelevance.buildAdRelevance(world, split, o);
  const task = { ...built.data.task, test: undefined };
  const t0 = Date.now();
  const run = await adRelevance.trainAdRelevance(world, split, o, {
    data: { ...built.data, task },
    model: built.model,
  });
  console.log(
    JSON.stringify({
      seed,
      strength,
      emb,
      extra,
      bestEpoch: run.result.bestEpoch,
      epochs: run.result.history.length,
      bestValAuc: run.result.bestValAuc,
      vals: run.result.history.map((h) => +(h.valAuc ?? 0).toFixed(4)),
      minutes: (Date.now() - t0) / 60000,
    }),
  );
}
void main();
