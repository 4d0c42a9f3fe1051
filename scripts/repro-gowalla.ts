// Reproduces the Gowalla table (NGCF / LightGCN protocol) on this machine:
//   npm run repro:gowalla -- [--models mf,gfcf,lightgcn,pinsage] [--budget-minutes 60 | mf=10,pinsage=30] [--seed 1] [--fresh]
// Each model trains in its own child process (so peak memory is per model), with its checkpoint in
// data/cache/gowalla/; rerunning resumes unfinished models and reuses finished ones.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadGowalla } from '../lib/data/gowalla';
import { cacheDir, writeFileAtomic } from '../lib/data/paths';
import { loadCheckpoint } from '../lib/models/checkpoint';
import { GOWALLA_PUBLISHED, GOWALLA_RECIPES, gowallaResultFile, type GowallaResult } from '../lib/models/gowalla-recipes';
import { trainRecommender } from '../lib/models/train-loop';
import { evaluateAllItems } from '../lib/retrieval/evaluate';
import { Rng } from '../lib/random/rng';
import { chooseBackend } from '../lib/tf/backend';


function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const dir = path.join(cacheDir(), 'gowalla');
const seed = Number(arg('seed', '1'));
const ckptFile = (recipe: string) => path.join(dir, `${recipe}-seed${seed}.ckpt`);
const resultFile = (recipe: string) => gowallaResultFile(recipe, seed);

async function runOne(recipeName: string, budgetSeconds: number): Promise<void> {
  const recipe = GOWALLA_RECIPES[recipeName];
  const log = (l: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${l}`);
  await chooseBackend({ log });
  const g = loadGowalla();
  if (!g.split) throw new Error(g.reason);
  const split = g.split;
  const rng = new Rng(seed).fork(recipeName);
  const stateOf = (other: string) => {
    const ck = loadCheckpoint(ckptFile(other));
    if (!ck) throw new Error(`${recipeName} needs ${other}'s checkpoint ${ckptFile(other)}: run --models ${other} first`);
    return ck.arrays;
  };
  const ctx = { split, rng, log, stateOf };
  let result: GowallaResult;
  if (recipe.kind === 'filter') {
    const t0 = performance.now();
    const model = recipe.build(ctx);
    const fit = (performance.now() - t0) / 1000;
    const ev = evaluateAllItems(model, split, [10, 20, 50], { blockUsers: 256 });
    model.dispose();
    result = {
      recipe: recipeName, name: recipe.name, epochs: 0, trainSeconds: fit, evalSeconds: ev.seconds,
      peakRssMiB: process.resourceUsage().maxRSS / 1024, summary: ev.summary, curve: [],
      note: 'training-free: time = truncated eigendecomposition',
    };
  } else {
    const model = recipe.build(ctx);
    const r = trainRecommender(model, split, {
      seed, maxEpochs: recipe.maxEpochs, budgetSeconds, evalEvery: recipe.evalEvery, checkpointFile: ckptFile(recipeName), log,
    });
    result = {
      recipe: recipeName, name: recipe.name, epochs: r.epochs, trainSeconds: r.trainSeconds, evalSeconds: r.evalSeconds,
      peakRssMiB: r.peakRssMiB, summary: r.final,
      curve: r.curve.map((p) => {
        const s20 = p.summary?.find((s) => s.k === 20);
        return { epoch: p.epoch, trainSeconds: p.trainSeconds, loss: p.loss, recall20: s20?.recall, ndcg20: s20?.ndcg };
      }),
    };
  }
  writeFileAtomic(resultFile(recipeName), JSON.stringify(result, null, 1));
}

function printTable(results: GowallaResult[]): void {
  const fmt = (x: number | undefined) => (x === undefined ? '   —  ' : x.toFixed(4));
  const rows: string[] = [];
  rows.push('model      | Recall@20 | NDCG@20 | published R@20 / N@20 | R@10   N@10   R@50   N@50   | epochs | train min | eval s | peak MiB');
  rows.push('-'.repeat(rows[0].length));
  const names = new Set([...results.map((r) => r.name), ...Object.keys(GOWALLA_PUBLISHED)]);
  for (const name of names) {
    const r = results.find((x) => x.name === name);
    const p = GOWALLA_PUBLISHED[name];
    const at = (k: number) => r?.summary.find((s) => s.k === k);
    rows.push(
      `${name.padEnd(10)} | ${fmt(at(20)?.recall).padStart(9)} | ${fmt(at(20)?.ndcg).padStart(7)} | ${p ? `${p.recall.toFixed(4)} / ${p.ndcg.toFixed(4)}` : '      —      '}       | ` +
        `${fmt(at(10)?.recall)} ${fmt(at(10)?.ndcg)} ${fmt(at(50)?.recall)} ${fmt(at(50)?.ndcg)} | ` +
        `${r ? String(r.epochs).padStart(6) : '     —'} | ${r ? (r.trainSeconds / 60).toFixed(1).padStart(9) : '        —'} | ${r ? r.evalSeconds.toFixed(0).padStart(6) : '     —'} | ${r ? r.peakRssMiB.toFixed(0).padStart(8) : '       —'}`,
    );
  }
  console.log(rows.join('\n'));
  console.log('Protocol: all items not in the user\'s training set ranked for each of the 29 858 test users; metrics averaged over users.');
  for (const r of results) if (r.note) console.log(`${r.name}: ${r.note}`);
}

async function main(): Promise<void> {
  const only = arg('only', '');
  // A single number applies to every model; `name=minutes` pairs set models one by one (others 60).
  const budgetArg = arg('budget-minutes', '60');
  const budgetSeconds = (m: string): number => {
    if (!budgetArg.includes('=')) return 60 * Number(budgetArg);
    const hit = budgetArg.split(',').find((kv) => kv.split('=')[0] === m);
    return 60 * Number(hit ? hit.split('=')[1] : 60);
  };
  if (only) return runOne(only, budgetSeconds(only));
  const g = loadGowalla();
  if (!g.split) {
    console.log(`skipped: ${g.reason}`);
    return;
  }
  const models = arg('models', 'mf,gfcf,lightgcn,pinsage').split(',');
  for (const m of models) if (!GOWALLA_RECIPES[m]) throw new Error(`unknown model '${m}' (known: ${Object.keys(GOWALLA_RECIPES).join(', ')})`);
  fs.mkdirSync(dir, { recursive: true });
  if (process.argv.includes('--fresh')) for (const m of models) for (const f of [ckptFile(m), resultFile(m)]) fs.rmSync(f, { force: true });
  const done: GowallaResult[] = [];
  for (const m of models) {
    const r = GOWALLA_RECIPES[m];
    if (r.kind === 'trained' && r.needs && !fs.existsSync(ckptFile(r.needs))) throw new Error(`${m} needs ${r.needs}: list it earlier in --models`);
    if (!fs.existsSync(resultFile(m)) || (r.kind === 'trained' && needsMoreTraining(m, r.maxEpochs, budgetSeconds(m)))) {
      const child = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--only', m, '--seed', String(seed), '--budget-minutes', String(budgetSeconds(m) / 60)], { stdio: 'inherit' });
      if (child.status !== 0) throw new Error(`${m} failed (exit ${child.status})`);
    }
    done.push(JSON.parse(fs.readFileSync(resultFile(m), 'utf8')) as GowallaResult);
  }
  printTable(done);
}

/** True when the checkpoint shows neither the epoch cap nor the time budget reached. */
function needsMoreTraining(recipe: string, maxEpochs: number, budgetSeconds: number): boolean {
  const ck = loadCheckpoint(ckptFile(recipe));
  if (!ck) return true;
  return (ck.meta.epoch as number) < maxEpochs && (ck.meta.trainSeconds as number) < budgetSeconds;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
