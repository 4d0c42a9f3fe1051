// npm run repro:planetoid -- --dataset NAME [--seeds N] (npm run repro:cora = --dataset cora):
// GAT node classification (Veličković et al. 2018) and link prediction by the GAE protocol (Kipf &
// Welling 2016: the paper's GCN encoder, and pinlab's GAT encoder beside it) on a Planetoid-layout data set from the real-data folder, mean ± std over seeds 0..N−1.
// Writes data/cache/repro_planetoid_NAME.json, records the run in runs/ and, for a full run (10 seeds)
// from a clean tree, in results/repro-NAME.json (committed; notebooks show it as "recorded at ...").
import * as path from 'node:path';
import { loadPlanetoid } from '../lib/data/datasets/planetoid';
import { reproducePlanetoid } from '../lib/experiments/planetoid/reproduction';
import { writeFileAtomic } from '../lib/io/atomic';
import { cacheDir } from '../lib/io/paths';
import { chooseBackend } from '../lib/tf';
import { cliOptions } from './cli-options';
import { RunRecorder } from './run-record';

const FULL_SEEDS = 10;

const SYNOPSIS = 'npm run repro:planetoid -- --dataset NAME [--seeds N]   (npm run repro:cora = --dataset cora)';

/** The data set and seeds asked for, or what is wrong with the command line. */
function parseArgs(): { dataset: string; seeds: number[] } | { error: string } {
  const { dataset, seeds: n } = cliOptions(
    {
      dataset: { default: '', help: 'a Planetoid-layout folder under the data directory, e.g. cora (required)' },
      seeds: { default: FULL_SEEDS, help: 'seeds 0..N-1; only the full 10 are saved to results/' },
    },
    SYNOPSIS,
  );
  if (!dataset) return { error: `--dataset is required; usage: ${SYNOPSIS}` };
  if (!/^[\w.-]+$/.test(dataset)) return { error: `--dataset must name a data-set folder, got '${dataset}'` };
  if (!Number.isInteger(n) || n < 1) return { error: `--seeds must be a positive integer, got '${n}'` };
  return { dataset, seeds: Array.from({ length: n }, (_, i) => i) };
}

async function main() {
  const args = parseArgs();
  if ('error' in args) {
    console.error(args.error);
    process.exit(2);
  }
  const { data, reason } = loadPlanetoid(args.dataset);
  if (!data) {
    console.log(`skipped: ${reason}`);
    return;
  }
  const n = args.seeds.length;
  const alias = args.dataset === 'cora' ? 'npm run repro:cora' : `npm run repro:planetoid -- --dataset ${args.dataset}`;
  const recorder = new RunRecorder({
    id: `repro-${args.dataset.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`,
    params: { dataset: args.dataset, seeds: n },
    defaults: { dataset: args.dataset, seeds: FULL_SEEDS },
    command: `${alias}${n === FULL_SEEDS ? '' : `${args.dataset === 'cora' ? ' --' : ''} --seeds ${n}`}`,
  });
  try {
    const backend = await chooseBackend();
    const result = await reproducePlanetoid(args.dataset, data, args.seeds, (line) => console.log(line));
    const out = path.join(cacheDir(), `repro_planetoid_${args.dataset}.json`);
    writeFileAtomic(out, JSON.stringify({ dataset: args.dataset, backend, seeds: args.seeds, ...result }, null, 2));
    console.log(`wrote ${out}`);
    const { nodeClassification: nc } = result;
    const { gcn, gat } = result.linkPrediction.encoders;
    recorder.finish({
      tfBackend: backend,
      metrics: {
        seeds: n,
        gat_test_acc_mean: nc.mean,
        gat_test_acc_std: nc.std,
        lp_auc_mean: gcn.auc.mean,
        lp_auc_std: gcn.auc.std,
        lp_ap_mean: gcn.ap.mean,
        lp_ap_std: gcn.ap.std,
        gat_lp_auc_mean: gat.auc.mean,
        gat_lp_auc_std: gat.auc.std,
        gat_lp_ap_mean: gat.ap.mean,
        gat_lp_ap_std: gat.ap.std,
      },
    });
  } catch (e) {
    recorder.finish({ error: String((e as Error).message ?? e) });
    throw e;
  }
  const why = n === FULL_SEEDS ? recorder.saveResult() : `not saved to results/: not the full ${FULL_SEEDS} seeds`;
  console.log(`run record: ${recorder.dir}${why ? ` (${why})` : ` (and results/${recorder.record.id}.json)`}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
