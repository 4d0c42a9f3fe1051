// Validation-only probe (not committed): notebook 04's GAT (freshness + weight) with impression features.
import { loadOrGenerateWorld, temporalLinkSplit, adRelevance, chooseBackend, LinkModel, Rng } from '../lib/index';
async function main(): Promise<void> {
  const seed = Number(process.argv[2]);
  const impressions = process.argv[3] === 'on';
  await chooseBackend();
  const { world } = loadOrGenerateWorld({ seed: 42, scale: 1 });
  const split = temporalLinkSplit(world, { seed: 42 });
  const o = { kind: 'gat' as const, seed, maxEpochs: 30, patience: 4, miniBatch: { batchSize: 512, fanout: [10, 5] } };
  const data = adRelevance.adRelevanceTask(world, split, { recency: true, edgeWeight: true, impressions, seed });
  const model = new LinkModel(
    {
      inChannels: data.featureDim,
      hidden: 32,
      out: 16,
      kind: 'gat',
      heads: 1,
      edgeDim: data.edgeDim,
      decoderHidden: 16,
    },
    new Rng(seed).fork('init'),
  );
  const t0 = Date.now();
  const run = await adRelevance.trainAdRelevance(world, split, o, {
    data: { ...data, task: { ...data.task, test: undefined } },
    model,
  });
  console.log(
    JSON.stringify({
      seed,
      impressions,
      featureDim: data.featureDim,
      bestEpoch: run.result.bestEpoch,
      epochs: run.result.history.length,
      bestValAuc: run.result.bestValAuc,
      vals: run.result.history.map((h) => +(h.valAuc ?? 0).toFixed(4)),
      minutes: (Date.now() - t0) / 60000,
    }),
  );
}
void main();
