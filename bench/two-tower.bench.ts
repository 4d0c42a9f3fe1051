// Contextual two-tower serving and training costs, each against a baseline measured in this run:
// exact top-K retrieval over 50 000 ads (d = 64) vs the machine's matMul peak, the Transformer
// training step vs its forward pass, and funnel requests/s vs a popularity-only funnel.
import * as tf from '@tensorflow/tfjs';
import { chooseBackend } from '../lib/tf';
import { generateWorld } from '../lib/data/world/generate';
import { Rng } from '../lib/random/rng';
import { TfAdam } from '../lib/train/tf-adam';
import { EmbeddingScores, exactTopK, matMulNT } from '../lib/retrieval';
import { SequentialTwoTower } from '../lib/models/retrieval/two-tower';
import {
  allocateBatch,
  engagementRows,
  fillBatch,
  logSamplingProbability,
} from '../lib/models/retrieval/two-tower-train';
import { trainRanker } from '../lib/models/ranking/ranker';
import {
  buildTwoTowerGenerator,
  PopularityGenerator,
  runFunnel,
  sampleAdRequests,
  type FunnelConfig,
} from '../lib/sim';
import { fmtMs, medianMs } from './support/timing';
import { cliOptions } from '../scripts/cli-options';

cliOptions({}); // no options: any given is an error

const rng = new Rng(1);
const randn = (n: number) => Float32Array.from({ length: n }, () => rng.normal());
/** Runs `f` and reads its result outside `tf.tidy`: on wasm, dataSync inside tidy measured 20–30× slower. */
const readOut = (f: () => tf.Tensor) => {
  const t = tf.tidy(f);
  t.dataSync();
  t.dispose();
};

async function main() {
  const backend = await chooseBackend();

  // 1. Peaks: square matMul 512³ on the TF.js backend and in the blocked TypeScript kernel.
  const n = 512;
  const a = tf.tensor2d(randn(n * n), [n, n]);
  const b = tf.tensor2d(randn(n * n), [n, n]);
  const tfPeakMs = await medianMs(() => readOut(() => tf.matMul(a, b)), 5);
  const flops = 2 * n * n * n;
  const tfPeak = flops / tfPeakMs / 1e6;
  const ja = randn(n * n);
  const jb = randn(n * n);
  const jc = new Float32Array(n * n);
  const jsPeakMs = await medianMs(() => matMulNT(ja, jb, n, n, n, jc), 3);
  const jsPeak = flops / jsPeakMs / 1e6;
  console.log(
    `matMul 512³ peak: ${backend} ${tfPeak.toFixed(2)} GFLOP/s (${fmtMs(tfPeakMs)}), TypeScript ${jsPeak.toFixed(2)} GFLOP/s`,
  );

  // 2. Exact top-100 over 50 000 ads, d = 64, 1 024 queries in blocks of 256.
  const ads = 50_000;
  const d = 64;
  const queries = 1024;
  const adEmb = randn(ads * d);
  const qEmb = randn(queries * d);
  // Baseline of the same shape: the block score matmuls alone (no selection), as EmbeddingScores runs them.
  const adT = tf.tidy(() => tf.transpose(tf.tensor2d(adEmb, [ads, d])));
  const mmMs = await medianMs(() => {
    for (let s = 0; s < queries; s += 256)
      readOut(() => tf.matMul(tf.tensor2d(qEmb.subarray(s * d, (s + 256) * d), [256, d]), adT));
  }, 3);
  adT.dispose();
  const mmGflops = (2 * ads * d * queries) / (mmMs / 1000) / 1e9;
  console.log(
    `score matmuls alone (1024 × 64 · 64 × 50k, ${backend}): ${mmGflops.toFixed(2)} GFLOP/s = ${(mmGflops / tfPeak).toFixed(2)} × the 512³ figure`,
  );
  for (const engine of ['tf', 'js'] as const) {
    const src = new EmbeddingScores(qEmb, adEmb, d, engine, 256);
    const ms = await medianMs(() => exactTopK(src, 100, { blockUsers: 256 }), 3);
    src.dispose();
    const qps = queries / (ms / 1000);
    const gflops = (2 * ads * d * qps) / 1e9;
    const peak = engine === 'tf' ? tfPeak : jsPeak;
    const vsShape = engine === 'tf' ? `, ${(gflops / mmGflops).toFixed(2)} × the matmuls alone` : '';
    console.log(
      `top-100 of 50k ads, d=64, ${engine.padEnd(2)}: ${qps.toFixed(0)} queries/s = ${gflops.toFixed(2)} GFLOP/s = ${(gflops / peak).toFixed(2)} × its 512³ matMul${vsShape}`,
    );
  }
  a.dispose();
  b.dispose();

  // 3. Transformer training step (L = 16, D = 32, 2 heads, 1 layer, batch 256) vs its forward loss.
  const world = generateWorld({ scale: 0.05, seed: 2 });
  const H = world.horizon;
  const model = new SequentialTwoTower(world, { useContext: true }, 1);
  const rows = engagementRows(world, 0, 0.75 * H);
  const logQ = logSamplingProbability(model, rows);
  const batch = allocateBatch(model, 256);
  fillBatch(model, rows.subarray(0, 256), batch, rng);
  const optimizer = TfAdam.likeTfjs(model.variables(), 0.003);
  const stepMs = await medianMs(() => optimizer.minimize(() => model.loss(batch, logQ)), 5);
  const fwdMs = await medianMs(() => readOut(() => model.loss(batch, logQ)), 5);
  console.log(
    `two-tower train step (batch 256, L=16, D=32): ${fmtMs(stepMs)} = ${(stepMs / fwdMs).toFixed(2)} × its forward loss (${fmtMs(fwdMs)}); ${(256 / (stepMs / 1000)).toFixed(0)} examples/s`,
  );
  optimizer.dispose();
  model.dispose();

  // 4. Funnel requests/s: popularity + contextual two-tower (briefly trained) vs popularity alone.
  const { ranker } = trainRanker(world, { seed: 1, statsEnd: 0.4 * H, logEnd: 0.75 * H, epochs: 1 });
  const requests = sampleAdRequests(world, { from: 0.75 * H, to: H, limit: 400, rng: new Rng(3) });
  const tt = buildTwoTowerGenerator(
    world,
    { useContext: true },
    { seed: 1, from: 0, to: 0.75 * H, epochs: 1, budgetSeconds: 5 },
    requests,
    1,
  );
  const pop = new PopularityGenerator(world, 0.75 * H);
  const base = { candidatesPerGenerator: 100, slotCtrs: [1, 0.7, 0.5], reserve: 0.1, ranker };
  const cfgPop: FunnelConfig = { ...base, name: 'popularity', generators: [pop] };
  const cfgBoth: FunnelConfig = { ...base, name: 'popularity+contextual', generators: [pop, tt.generator] };
  const popMs = await medianMs(() => runFunnel(world, requests, cfgPop, 1), 3);
  const bothMs = await medianMs(() => runFunnel(world, requests, cfgBoth, 1), 3);
  console.log(
    `funnel (${world.ads.count} ads, 2×100 candidates, 3 slots): ${(requests.length / (bothMs / 1000)).toFixed(0)} requests/s; popularity-only ${(requests.length / (popMs / 1000)).toFixed(0)} requests/s (ratio ${(popMs / bothMs).toFixed(2)})`,
  );
  tt.model.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
