// Gowalla training and evaluation cost, against the machine's matMul peak measured in the same run.
// Times are CPU-seconds of this process, all threads (process.cpuUsage), since the machine is
// shared and wall time mostly measures other people's load; wall seconds are printed alongside.
// The threads part times LightGCN training steps in wall time at 2 threads and at 1 (paired, alternating).
//   npm run bench -- gowalla                    (everything; full evaluation: 29 858 users × 40 981 items)
//   npm run bench -- gowalla --users 4096       (evaluation on the first 4 096 test users)
//   npm run bench -- gowalla --part threads --reps 7
import * as os from 'node:os';
import { loadGowalla } from '../lib/data/datasets/gowalla';
import { LightGcn } from '../lib/models/cf/lightgcn';
import { MfBpr } from '../lib/models/cf/mf-bpr';
import { PinSage } from '../lib/models/cf/pinsage/model';
import { Rng } from '../lib/random/rng';
import { EmbeddingScores } from '../lib/retrieval/embedding-scores';
import { matMulNT } from '../lib/retrieval/matmul';
import { exactTopK } from '../lib/retrieval/topk';
import { chooseBackend, tf } from '../lib/tf/backend';
import { cliOptions } from '../scripts/cli-options';
import { cpuSecondsSince, fmtSpread, pairedThreads, ratioSpread, spread } from './support/timing';
import type { ImplicitSplit } from '../lib/data/types';

const options = cliOptions({
  part: {
    default: 'all',
    help: "'cost' (peak, evaluation, per-epoch costs), 'threads' (LightGCN 2 ÷ 1 thread) or 'all'",
  },
  users: { default: 0, help: 'evaluate the first N test users only (0: all)' },
  reps: { default: 5, help: 'paired LightGCN steps per thread count in the threads part (≥ 5)' },
  threads: { default: 2, help: 'thread count compared with 1 in the threads part' },
});

/** Runs f and returns [CPU seconds, wall seconds]. */
function timed(f: () => void): [number, number] {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  f();
  return [cpuSecondsSince(c0), (performance.now() - t0) / 1000];
}

const gflops = (flop: number, s: number) => (flop / s / 1e9).toFixed(2);

/**
 * LightGCN's training step (forward propagation, BPR gradient, backward propagation, Adam) at
 * `threads` threads and at 1, alternating, with the recipe's shape (d = 64, 3 layers, batch 16 384).
 * An epoch is ⌈pairs / batch⌉ such steps plus sampling, so the step ratio is the epoch ratio.
 */
function lightGcnThreads(split: ImplicitSplit, rng: Rng): void {
  const { reps, threads } = options;
  if (!(reps >= 5)) throw new Error(`--reps must be at least 5, got ${reps}`);
  const batch = 16384;
  const lg = new LightGcn(split, rng.fork('lg-threads'), { dim: 64, layers: 3, batchSize: batch, lr: 0.01 });
  const U = split.numUsers,
    I = split.numItems;
  const users = Int32Array.from({ length: batch }, (_, t) => t % U);
  const pos = Int32Array.from({ length: batch }, (_, t) => split.train.ids[split.train.offsets[t % U]]);
  const neg = Int32Array.from({ length: batch }, (_, t) => (t * 7) % I);
  const { one, many, cpuOne, cpuMany } = pairedThreads(() => lg.trainBatch(users, pos, neg), threads, reps);
  const steps = Math.ceil(split.train.ids.length / batch);
  const [s1, sN] = [spread(one), spread(many)];
  console.log(
    `LightGCN step (batch ${batch}, d=64, 3 layers): 1 thread ${(s1.median / 1000).toFixed(2)} s (${(s1.min / 1000).toFixed(2)}–${(s1.max / 1000).toFixed(2)}), ` +
      `${threads} threads ${(sN.median / 1000).toFixed(2)} s (${(sN.min / 1000).toFixed(2)}–${(sN.max / 1000).toFixed(2)}); ` +
      `epoch of ${steps} steps ≈ ${((steps * s1.median) / 60000).toFixed(1)} vs ${((steps * sN.median) / 60000).toFixed(1)} min`,
  );
  console.log(
    `ratio LightGCN epoch ${threads} threads / 1 thread: ${fmtSpread(ratioSpread(many, one))}, CPU time ${fmtSpread(ratioSpread(cpuMany, cpuOne))} (target ≤ 0.6; ` +
      `${reps} paired steps; load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')})`,
  );
}

async function main(): Promise<void> {
  if (!['all', 'cost', 'threads'].includes(options.part))
    throw new Error(`--part must be all, cost or threads, got '${options.part}'`);
  await chooseBackend();
  if (options.part === 'threads') {
    const g = loadGowalla();
    if (!g.split) return void console.log(`skipped: ${g.reason}`);
    return lightGcnThreads(g.split, new Rng(1));
  }
  const rng = new Rng(1);
  const rand = (n: number) => Float32Array.from({ length: n }, () => rng.normal());

  // 1. Peak: the best square matMul this process can do (tfjs wasm, SIMD, one thread), best of 3.
  const P = 1024;
  const pa = tf.tensor2d(rand(P * P), [P, P]);
  const pb = tf.tensor2d(rand(P * P), [P, P]);
  tf.matMul(pa, pb).dispose();
  let peakS = Infinity;
  for (let r = 0; r < 3; r++) peakS = Math.min(peakS, timed(() => tf.matMul(pa, pb).dataSync())[0]);
  const peak = (2 * P ** 3) / peakS / 1e9;
  console.log(`peak: tf.matMul ${P}³ on wasm: ${peak.toFixed(2)} GFLOP/s (CPU time, best of 3)`);

  // 2. The evaluation's score kernel on its real shape (512 users × 40 981 items × 64).
  const m = 512,
    n = 40981,
    d = 64,
    flop = 2 * m * n * d;
  const a = rand(m * d),
    b = rand(n * d),
    c = new Float32Array(m * n);
  const naiveRows = 32;
  const [naiveS] = timed(() => {
    for (let i = 0; i < naiveRows; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let t = 0; t < d; t++) s += a[i * d + t] * b[j * d + t];
        c[i * n + j] = s;
      }
  });
  const naive = (2 * naiveRows * n * d) / naiveS / 1e9;
  const [jsS] = timed(() => matMulNT(a, b, m, n, d, c));
  const bt = tf.tensor2d(b, [n, d]);
  const btT = tf.transpose(bt);
  const [tfNtS] = timed(() => tf.tidy(() => void tf.matMul(tf.tensor2d(a, [m, d]), bt, false, true).dataSync()));
  const [tfNnS] = timed(() => tf.tidy(() => void tf.matMul(tf.tensor2d(a, [m, d]), btT).dataSync()));
  console.log(`score block ${m}×${n}×${d} (GFLOP/s, ×peak):`);
  console.log(`  naive JS dot loop       ${naive.toFixed(2).padStart(6)}  ${(naive / peak).toFixed(3)}`);
  console.log(
    `  blocked JS 4×4 kernel   ${gflops(flop, jsS).padStart(6)}  ${(flop / jsS / 1e9 / peak).toFixed(3)}   (${(flop / jsS / 1e9 / naive).toFixed(1)}× naive)`,
  );
  console.log(
    `  tf.matMul, transposeB   ${gflops(flop, tfNtS).padStart(6)}  ${(flop / tfNtS / 1e9 / peak).toFixed(3)}`,
  );
  console.log(
    `  tf.matMul, pre-transposed ${gflops(flop, tfNnS).padStart(4)}  ${(flop / tfNnS / 1e9 / peak).toFixed(3)}   (used by evaluation)`,
  );
  pa.dispose();
  pb.dispose();
  bt.dispose();
  btT.dispose();

  const g = loadGowalla();
  if (!g.split) {
    console.log(`skipped the Gowalla part: ${g.reason}`);
    return;
  }
  const split = g.split;
  const U = split.numUsers,
    I = split.numItems;

  // 3. Full evaluation cost: scoring (matMul) vs selection, for the tf and the JS engine.
  const nEval = options.users || U;
  const users = Int32Array.from({ length: nEval }, (_, k) => k);
  const ue = rand(U * d),
    ie = rand(I * d);
  const evalFlop = 2 * nEval * I * d;
  const src = new EmbeddingScores(ue, ie, d, 'tf');
  const blockBuf = new Float32Array(512 * I);
  const [scoreS] = timed(() => {
    for (let s = 0; s < nEval; s += 512)
      src.scoreBlock(users.subarray(s, Math.min(nEval, s + 512)), blockBuf.subarray(0, Math.min(512, nEval - s) * I));
  });
  const [evalS, evalWall] = timed(() => exactTopK(src, 50, { users, exclude: split.train }));
  src.dispose();
  console.log(
    `evaluation top-50 for ${nEval} users × ${I} items (d=${d}): ${evalS.toFixed(1)} CPU s (${evalWall.toFixed(1)} wall s)`,
  );
  console.log(
    `  scoring alone ${scoreS.toFixed(1)} s = ${gflops(evalFlop, scoreS)} GFLOP/s = ${(evalFlop / scoreS / 1e9 / peak).toFixed(2)}× peak; ` +
      `whole evaluation ${gflops(evalFlop, evalS)} GFLOP/s = ${(evalFlop / evalS / 1e9 / peak).toFixed(2)}× peak; selection+exclusion ${(evalS - scoreS).toFixed(1)} s`,
  );

  // 4. Training cost per epoch.
  const mf = new MfBpr(split, rng.fork('mf'), { dim: 64 });
  const [mfS, mfWall] = timed(() => mf.trainEpoch(rng.fork('mf-epoch')));
  console.log(
    `MF-BPR epoch (810 128 SGD triples, d=64): ${mfS.toFixed(2)} CPU s (${mfWall.toFixed(1)} wall s) = ${gflops(810128 * 64 * 2 * 5, mfS)} GFLOP/s`,
  );
  const batch = 8192;
  const lg = new LightGcn(split, rng.fork('lg'), { dim: 64, layers: 3 });
  const tri = (k: number) => Int32Array.from({ length: batch }, (_, t) => (t * k) % (k === 1 ? U : I));
  const [lgS] = timed(() =>
    lg.gradient(
      tri(1),
      Int32Array.from({ length: batch }, (_, t) => split.train.ids[split.train.offsets[t % U]]),
      tri(7),
    ),
  );
  const lgFlop = 2 * 3 * 2 * 2 * 810128 * 64; // fwd + bwd, 3 layers, 2 directions, 2 flop per multiply-add
  console.log(
    `LightGCN step (batch ${batch}, full propagation fwd+bwd): ${lgS.toFixed(2)} CPU s = ${gflops(lgFlop, lgS)} GFLOP/s sparse; ` +
      `epoch at batch 16 384: ${((lgS * 810128) / 16384 / 60).toFixed(1)} min`,
  );
  const ps = new PinSage(split, rng.fork('ps'), {
    maxHard: 0,
    features: rand((U + I) * d),
    featureDim: d,
    engine: 'tf',
  });
  ps.setPairs(
    tri(1),
    Int32Array.from({ length: batch }, (_, t) => split.train.ids[split.train.offsets[t % U]]),
  );
  const shared = Int32Array.from({ length: 500 }, (_, k) => (k * 13) % I);
  const [psS] = timed(() => ps.lossAndGradient(0, batch, shared, 0, rng));
  // Dense products (2 flop per multiply-add, fwd + ≈2× bwd): per layer Q on the item rows, Ws and Wn
  // on all nodes; the head's G1 and G2 on all nodes. Pooling (sparse, T = 10) not counted.
  const psFlop = 2 * 3 * (2 * (I + 2 * (U + I)) + 2 * (U + I)) * 64 * 64;
  console.log(
    `PinSage step (batch ${batch}, 2 layers + head over all ${U + I} nodes): ${psS.toFixed(2)} CPU s = ${gflops(psFlop, psS)} GFLOP/s dense ` +
      `(${(psFlop / psS / 1e9 / peak).toFixed(2)}× peak); epoch: ${((psS * 810128) / batch / 60).toFixed(1)} min`,
  );
  if (options.part === 'all') lightGcnThreads(split, rng);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
