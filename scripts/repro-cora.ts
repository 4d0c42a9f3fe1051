// npm run repro:cora [-- --seeds 10]: reproduces GAT on Cora (Veličković et al. 2018) and
// GAE-style link prediction (Kipf & Welling 2016) with pinlab's kernels, mean ± std over seeds.
import { chooseBackend } from '../lib/tf';
import { loadCora } from '../lib/data/datasets/planetoid';
import { cacheDir, writeFileAtomic } from '../lib/data/paths';
import { coraLinkPrediction, coraNodeClassification } from '../lib/models/gnn';
import * as path from 'node:path';

async function main() {
  const arg = process.argv.indexOf('--seeds');
  const n = arg > 0 ? Number(process.argv[arg + 1]) : 10;
  const seeds = Array.from({ length: n }, (_, i) => i);
  const { data, reason } = loadCora();
  if (!data) {
    console.log(`skipped: ${reason}`);
    return;
  }
  const backend = await chooseBackend();
  const pct = (x: number) => (100 * x).toFixed(1);
  console.log(`GAT node classification, ${n} seeds (8 heads × 8 hidden, ELU, dropout 0.6, L2 5e-4, lr 0.005, patience 100)`);
  const nc = await coraNodeClassification(
    data, seeds,
    (seed, r) => console.log(`  seed ${seed}: test ${pct(r.testAcc)} %  val ${pct(r.valAcc)} %  best epoch ${r.bestEpoch}/${r.epochs}  ${r.seconds.toFixed(1)} s`),
    (seed, e) => e.epoch % 50 === 0 && console.log(`    seed ${seed} epoch ${e.epoch}: train loss ${e.trainLoss.toFixed(4)}  val loss ${e.valLoss.toFixed(4)}  val acc ${pct(e.valAcc)} %`),
  );
  console.log(`Cora GAT test accuracy: ${pct(nc.mean)} ± ${pct(nc.std)} %   (published 83.0 ± 0.7 %)`);
  console.log(`GAE-style link prediction (85/5/10, GAT 32 → 16, inner product), ${n} seeds`);
  const lp = await coraLinkPrediction(data, seeds);
  console.log(`Cora link prediction: AUC ${pct(lp.auc.mean)} ± ${pct(lp.auc.std)}  AP ${pct(lp.ap.mean)} ± ${pct(lp.ap.std)}   (published GAE: AUC 91.0, AP 92.0)`);
  const out = path.join(cacheDir(), 'repro_cora.json');
  writeFileAtomic(out, JSON.stringify({ backend, seeds, nodeClassification: { mean: nc.mean, std: nc.std, values: nc.values }, linkPrediction: lp }, null, 2));
  console.log(`wrote ${out}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
