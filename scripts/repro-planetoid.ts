// npm run repro:planetoid -- --dataset NAME [--seeds N] (npm run repro:cora = --dataset cora):
// GAT node classification (Veličković et al. 2018) and GAE-style link prediction (Kipf & Welling
// 2016) on a Planetoid-layout data set from the real-data folder, mean ± std over seeds 0..N−1.
// Writes data/cache/repro_planetoid_NAME.json.
import * as path from 'node:path';
import { loadPlanetoid } from '../lib/data/datasets/planetoid';
import { reproducePlanetoid } from '../lib/experiments/planetoid/reproduction';
import { writeFileAtomic } from '../lib/io/atomic';
import { cacheDir } from '../lib/io/paths';
import { chooseBackend } from '../lib/tf';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
}

/** The data set and seeds asked for, or what is wrong with the command line. */
function parseArgs(): { dataset: string; seeds: number[] } | { error: string } {
  const dataset = option('dataset');
  const n = option('seeds') ?? '10';
  const usage = 'usage: npm run repro:planetoid -- --dataset NAME [--seeds N]';
  if (!dataset || !/^[\w.-]+$/.test(dataset)) return { error: usage };
  if (!/^[1-9]\d*$/.test(n)) return { error: `--seeds must be a positive integer, got '${n}'` };
  return { dataset, seeds: Array.from({ length: Number(n) }, (_, i) => i) };
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
  const backend = await chooseBackend();
  const result = await reproducePlanetoid(args.dataset, data, args.seeds, (line) => console.log(line));
  const out = path.join(cacheDir(), `repro_planetoid_${args.dataset}.json`);
  writeFileAtomic(out, JSON.stringify({ dataset: args.dataset, backend, seeds: args.seeds, ...result }, null, 2));
  console.log(`wrote ${out}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
