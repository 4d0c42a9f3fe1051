// Full-batch training epoch of the reference 2-layer GAT (32 → 32 → 16, inner-product link
// decoder, BCE, Adam) on a ~60 000-node, ~10⁶-edge graph: pinlab (TensorFlow.js + pinlab's
// kernels) against the same model in plain PyTorch (bench/gat_reference.py, 2 threads) on the
// same exported graph, measured in the same run.
//   npm run bench -- gat --heads 4      (npm run bench -- gat --help lists the options)
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import { chooseBackend } from '../lib/tf';
import { threadCount } from '../lib/parallel';
import { cacheDir } from '../lib/io/paths';
import { writeFileAtomic } from '../lib/io/atomic';
import { LinkModel } from '../lib/models/gnn/link-model';
import { bothDirections } from '../lib/data/link-split';
import { messageGraph } from '../lib/nn/message-graph';
import { Rng } from '../lib/random/rng';
import { TfAdam } from '../lib/train/tf-adam';
import { loadOrGenerateWorld } from '../lib/data/world/cache';
import { buildEdges } from '../lib/graph/edges';
import { nodeFeatures } from '../lib/graph/features';
import { fmtMs, fmtSpread, spread } from './support/timing';
import { cliOptions } from '../scripts/cli-options';

const options = cliOptions({
  heads: { default: 1, help: 'attention heads of the first layer' },
  epochs: { default: 5, help: "timed epochs per side (after one warm-up epoch); the ratio is their medians'" },
  nodes: { default: 60_000, help: 'nodes of the seeded random graph' },
  pairs: { default: 530_000, help: 'undirected node pairs of the random graph (2× directed edges)' },
  world: { default: false, help: "the default synthetic world's full-window graph instead of the random one" },
});

interface BenchGraph {
  name: string;
  N: number;
  F: number;
  pu: Int32Array;
  pv: Int32Array;
  x: Float32Array;
}

/** M uniform undirected pairs over N nodes (2M directed edges) and N(0, 1) features of width 32. */
function randomGraph(rng: Rng, N: number, M: number): BenchGraph {
  const pu = new Int32Array(M);
  const pv = new Int32Array(M);
  for (let i = 0; i < M; i++) {
    pu[i] = rng.int(N);
    do pv[i] = rng.int(N);
    while (pv[i] === pu[i]);
  }
  const x = new Float32Array(N * 32);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal();
  return { name: 'seeded random', N, F: 32, pu, pv, x };
}

/** The default synthetic world's graph over the whole window, with its observable node features. */
function worldGraph(): BenchGraph {
  const { world } = loadOrGenerateWorld();
  const edges = buildEdges(world);
  const f = nodeFeatures(world, edges);
  return {
    name: 'synthetic world, default',
    N: edges.nodes.count,
    F: f.dim,
    pu: Int32Array.from(edges.src),
    pv: Int32Array.from(edges.dst),
    x: f.values,
  };
}

async function main() {
  const { heads, epochs, nodes: N, pairs: M } = options;
  if (!(epochs >= 5)) throw new Error(`--epochs must be at least 5 (a ratio is a median of ≥ 5 epochs), got ${epochs}`);
  const backend = await chooseBackend();
  const rng = new Rng(2024);
  const g = options.world ? worldGraph() : randomGraph(rng, N, M);
  const { pu, pv, x, F } = g;
  const both = bothDirections({ src: pu, dst: pv });
  const graph = messageGraph(both.src, both.dst, g.N);
  // Supervision: the M pairs as positives and M uniform pairs as negatives, sampled once.
  const M2 = pu.length;
  const lu = new Int32Array(2 * M2);
  const lv = new Int32Array(2 * M2);
  const y = new Float32Array(2 * M2);
  lu.set(pu);
  lv.set(pv);
  y.fill(1, 0, M2);
  for (let i = M2; i < 2 * M2; i++) {
    lu[i] = rng.int(g.N);
    lv[i] = rng.int(g.N);
  }
  const dir = path.join(cacheDir(), 'gat_bench');
  const save = (name: string, a: Int32Array | Float32Array) => writeFileAtomic(path.join(dir, name), a);
  save('src.i32', graph.src.dataSync() as Int32Array);
  save('dst.i32', graph.dst.dataSync() as Int32Array);
  save('x.f32', x);
  save('pu.i32', lu);
  save('pv.i32', lv);
  save('y.f32', y);
  writeFileAtomic(
    path.join(dir, 'meta.json'),
    JSON.stringify({ numNodes: g.N, numFeatures: F, hidden: 32, out: 16, heads, edges: graph.numEdges }),
  );
  console.log(
    `graph (${g.name}): ${g.N} nodes, ${graph.numEdges} directed edges incl. self-loops, ${F} features, ${2 * M2} labelled pairs, heads ${heads}`,
  );

  const model = new LinkModel({ inChannels: F, hidden: 32, out: 16, heads, kind: 'gat' }, rng.fork('init'));
  const optimizer = TfAdam.likeTfjs(Object.values(model.variables()), 0.01);
  const features = tf.tensor2d(x, [g.N, F]);
  const task = { features, graph };
  const [tu, tv, ty] = [tf.tensor1d(lu, 'int32'), tf.tensor1d(lv, 'int32'), tf.tensor1d(y)];
  const ctx = { training: true, rng: rng.fork('dropout') };
  const times: number[] = [];
  const losses: number[] = [];
  for (let e = 0; e <= epochs; e++) {
    const t0 = performance.now();
    losses.push(
      optimizer.minimize(
        () => tf.losses.sigmoidCrossEntropy(ty, model.decoder.logits(model.embed(task, ctx), tu, tv)) as tf.Scalar,
      ),
    );
    if (e > 0) times.push(performance.now() - t0); // epoch 0 warms up the JIT and the heap
  }
  const ours = spread(times);
  console.log(
    `pinlab (${backend}, ${threadCount()} threads): epoch ${fmtMs(ours.median)} (median of ${epochs}: ${times.map(fmtMs).join(', ')}); loss ${losses.map((l) => l.toFixed(4)).join(' → ')}`,
  );

  const py = spawnSync(
    '/usr/bin/python3',
    [path.join(__dirname, 'gat_reference.py'), dir, String(epochs + 1), String(heads)],
    { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '2' } },
  );
  if (py.status !== 0) {
    console.log(
      `PyTorch reference failed (status ${py.status}): ${py.stderr.trim().split('\n').slice(-3).join(' | ')}`,
    );
    process.exitCode = 1;
    return;
  }
  const ref = JSON.parse(py.stdout.trim().split('\n').pop()!) as {
    epoch_seconds: number[];
    losses: number[];
    threads: number;
    torch: string;
  };
  const theirs = spread(ref.epoch_seconds.slice(1).map((s) => s * 1000));
  console.log(
    `PyTorch ${ref.torch} (${ref.threads} threads): epoch ${fmtMs(theirs.median)} (median of ${epochs}: ${ref.epoch_seconds
      .slice(1)
      .map((s) => fmtMs(s * 1000))
      .join(', ')}); loss ${ref.losses.map((l) => l.toFixed(4)).join(' → ')}`,
  );
  // The two sides run one after the other, so epochs do not pair: the range is the extremes' ratios.
  const ratio = { median: ours.median / theirs.median, min: ours.min / theirs.max, max: ours.max / theirs.min };
  console.log(
    `ratio pinlab/pytorch heads=${heads}: ${fmtSpread(ratio)} (target ≤ 0.35; epoch medians, range from the extreme epochs)`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
