// npm run repro:planetoid -- --dataset NAME [--seeds N] (npm run repro:cora = --dataset cora):
// GAT node classification (Veličković et al. 2018) and GAE-style link prediction (Kipf & Welling
// 2016) on a Planetoid-layout data set from the real-data folder, mean ± std over seeds 0..N−1.
// Writes data/cache/repro_planetoid_NAME.json.
import * as path from 'node:path';
import { chooseBackend } from '../lib/tf';
import { loadPlanetoid } from '../lib/data/datasets/planetoid';
import { writeFileAtomic } from '../lib/io/atomic';
import { cacheDir } from '../lib/io/paths';
import { coraLinkPrediction, coraNodeClassification } from '../lib/experiments/planetoid/cora';

/** Published results to print beside ours: GAT (Table 2) test accuracy, GAE (Table 1) AUC / AP, in %. */
const PUBLISHED: Record<string, { gat: string; gae: string }> = {
  cora: { gat: '83.0 ± 0.7 %', gae: 'AUC 91.0, AP 92.0' },
  citeseer: { gat: '72.5 ± 0.7 %', gae: 'AUC 89.5, AP 89.9' },
  pubmed: { gat: '79.0 ± 0.3 %', gae: 'AUC 96.4, AP 96.5' },
};

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
}

/** The data set and seeds asked for, or what is wrong with the command line. */
function parseArgs(): { dataset: string; seeds: number[] } | { error: string } {
  const dataset = option('dataset');
  const n = option('seeds') ?? '10';
  if (!dataset || !/^[\w.-]+$/.test(dataset))
    return { error: 'usage: npm run repro:planetoid -- --dataset NAME [--seeds N]' };
  if (!/^[1-9]\d*$/.test(n)) return { error: `--seeds must be a positive integer, got '${n}'` };
  return { dataset, seeds: Array.from({ length: Number(n) }, (_, i) => i) };
}

async function main() {
  const args = parseArgs();
  if ('error' in args) {
    console.error(args.error);
    process.exit(2);
  }
  const { dataset, seeds } = args;
  const n = seeds.length;
  const { data, reason } = loadPlanetoid(dataset);
  if (!data) {
    console.log(`skipped: ${reason}`);
    return;
  }
  const published = PUBLISHED[dataset];
  const backend = await chooseBackend();
  const pct = (x: number) => (100 * x).toFixed(1);
  const ms = (m: { mean: number; std: number }) => `${pct(m.mean)} ± ${pct(m.std)}`;
  const d = data;
  console.log(
    `${dataset}: ${d.numNodes} nodes, ${d.numFeatures} features, ${d.numClasses} classes, ${d.edgeSrc.length} edges`,
  );
  console.log(
    `GAT node classification, ${n} seeds (8 heads × 8 hidden, ELU, dropout 0.6, L2 5e-4, lr 0.005, patience 100)`,
  );
  const nc = await coraNodeClassification(
    d,
    seeds,
    (seed, r) => {
      const acc = `test ${pct(r.testAcc)} %  val ${pct(r.valAcc)} %`;
      console.log(`  seed ${seed}: ${acc}  best epoch ${r.bestEpoch}/${r.epochs}  ${r.seconds.toFixed(1)} s`);
    },
    (seed, e) => {
      if (e.epoch % 50 !== 0) return;
      const loss = `train loss ${e.trainLoss.toFixed(4)}  val loss ${e.valLoss.toFixed(4)}`;
      console.log(`    seed ${seed} epoch ${e.epoch}: ${loss}  val acc ${pct(e.valAcc)} %`);
    },
  );
  const ncLine = `${dataset} GAT test accuracy: ${ms(nc)} %`;
  console.log(published ? `${ncLine}   (published ${published.gat})` : ncLine);
  console.log(`GAE-style link prediction (85/5/10, GAT 32 → 16, inner product), ${n} seeds`);
  const lp = await coraLinkPrediction(d, seeds);
  const lpLine = `${dataset} link prediction: AUC ${ms(lp.auc)}  AP ${ms(lp.ap)}`;
  console.log(published ? `${lpLine}   (published GAE: ${published.gae})` : lpLine);
  const out = path.join(cacheDir(), `repro_planetoid_${dataset}.json`);
  const record = {
    dataset,
    backend,
    seeds,
    nodeClassification: { mean: nc.mean, std: nc.std, values: nc.values },
    linkPrediction: lp,
  };
  writeFileAtomic(out, JSON.stringify(record, null, 2));
  console.log(`wrote ${out}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
