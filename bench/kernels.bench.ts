// Microbenchmarks of pinlab's graph kernels, measured in the same run:
// - stock: against TensorFlow.js's own ops on the same inputs (sizes the stock ops finish in
//   seconds); graph-scale rows (60 000 nodes, 10⁶ edges) report pinlab's throughput alone.
// - threads: each parallel kernel at 2 threads ÷ 1 thread (paired repetitions, alternating), with
//   its effective bandwidth against a memory copy measured in the same run.
//   npm run bench -- kernels --part threads --reps 7
import * as os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { edgeAggregate, edgeSoftmax, fastDropout, pairDot, registerPinlabKernels } from '../lib/tf';
import { Rng } from '../lib/random/rng';
import { fmtMs, fmtSpread, medianMs, pairedThreads, ratioSpread, spread } from './support/timing';
import { cliOptions } from '../scripts/cli-options';
import { parallelFor, sharedFloats, threadCount } from '../lib/parallel';
import { copyTask } from './support/copy-task';
import { sharedCopy } from '../lib/tf/kernels/io';

const options = cliOptions({
  part: { default: 'all', help: "'stock' (pinlab vs TensorFlow.js ops), 'threads' (2 ÷ 1 thread) or 'all'" },
  reps: { default: 5, help: 'paired repetitions per kernel in the threads part (≥ 5)' },
  threads: { default: 2, help: 'thread count compared with 1 in the threads part' },
  heads: { default: 1, help: 'attention heads in the threads part' },
  only: { default: '', help: 'threads part: time only the kernels whose name contains this' },
});

// Keep the stock cpu segment sum reachable under another name before pinlab replaces it.
const stock = tf.getKernel('UnsortedSegmentSum', 'cpu');
if (!stock) throw new Error('tfjs-backend-cpu has no UnsortedSegmentSum kernel');
tf.registerKernel({ ...stock, kernelName: 'StockUnsortedSegmentSum' });
// Likewise the stock wasm kernels pinlab replaces.
for (const name of ['GatherV2', 'BatchMatMul'])
  tf.registerKernel({ ...tf.getKernel(name, 'wasm')!, kernelName: `Stock${name}` });
registerPinlabKernels();

const rng = new Rng(1);
function graph(n: number, e: number) {
  const src = new Int32Array(e);
  const dst = new Int32Array(e);
  for (let i = 0; i < e; i++) {
    src[i] = rng.int(n);
    dst[i] = rng.int(n);
  }
  return { src: tf.tensor1d(src, 'int32'), dst: tf.tensor1d(dst, 'int32') };
}
function randn(shape: number[]) {
  const a = new Float32Array(shape.reduce((x, y) => x * y, 1));
  for (let i = 0; i < a.length; i++) a[i] = rng.normal();
  return tf.tensor(a, shape);
}
const run = (f: () => tf.Tensor | tf.Tensor[]) => () =>
  tf.tidy(() => {
    const out = f();
    for (const t of Array.isArray(out) ? out : [out]) t.dataSync();
  });
function row(name: string, ours: number, theirs: number | null, baseline = '') {
  const ratio =
    theirs === null
      ? ''
      : `  ratio pinlab/stock = ${(ours / theirs).toFixed(4)} (${(theirs / ours).toFixed(1)}x faster) vs ${baseline} ${fmtMs(theirs)}`;
  console.log(`${name.padEnd(46)} pinlab ${fmtMs(ours).padStart(9)}${ratio}`);
}

async function stockPart() {
  // 1. Segment sum (gather's gradient) on cpu: pinlab vs the stock kernel, which is
  // O(segments × rows × C), hence the small size.
  await tf.setBackend('cpu');
  {
    const { dst } = graph(200, 5000);
    const x = randn([5000, 32]);
    const ours = await medianMs(
      run(() => tf.unsortedSegmentSum(x, dst, 200)),
      7,
    );
    const theirs = await medianMs(
      run(
        () =>
          tf.engine().runKernel('StockUnsortedSegmentSum', { x, segmentIds: dst }, { numSegments: 200 }) as tf.Tensor,
      ),
      1,
      0,
    );
    row('cpu  segmentSum N=200 E=5k C=32', ours, theirs, 'stock cpu');
  }
  // 2. Embedding backward (gather gradient) on cpu: vocabulary 500, batch 1024, dim 32.
  {
    const table = randn([500, 32]);
    const ids = tf.tensor1d(
      Int32Array.from({ length: 1024 }, () => rng.int(500)),
      'int32',
    );
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.gather(t, ids)));
    const ours = await medianMs(run(() => g(table)));
    const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.gather(t, ids)));
    // Stock path: swap the stock kernel back in for the timing, then restore pinlab's.
    const pinlab = tf.getKernel('UnsortedSegmentSum', 'cpu')!;
    tf.unregisterKernel('UnsortedSegmentSum', 'cpu');
    tf.registerKernel(stock);
    const theirs = await medianMs(
      run(() => grad(table)),
      1,
      0,
    );
    tf.unregisterKernel('UnsortedSegmentSum', 'cpu');
    tf.registerKernel(pinlab);
    row('cpu  embedding backward V=500 B=1024 D=32', ours, theirs, 'stock cpu');
  }

  for (const backend of ['cpu', 'wasm']) {
    await tf.setBackend(backend);
    // 3. SpMM vs stock composition (gather → scale → segment sum / dense adjacency matmul).
    const n = 2000;
    const e = 20000;
    const { src, dst } = graph(n, e);
    const w = tf.abs(randn([e, 1])) as tf.Tensor2D;
    const x = randn([n, 1, 32]) as tf.Tensor3D;
    const ours = await medianMs(
      run(() => edgeAggregate(w, x, src, dst, n)),
      7,
    );
    const x2 = x.reshape([n, 32]);
    const dense = tf.tidy(() => tf.scatterND(tf.stack([dst, src], 1), w.reshape([e]), [n, n]));
    const theirs = await medianMs(
      run(() => tf.matMul(dense, x2)),
      7,
    );
    row(`${backend.padEnd(4)} SpMM N=2k E=20k C=32`, ours, theirs, 'dense matMul');
    // 4. Edge softmax vs stock: exp → sparseSegmentSum over dst-sorted edges → gather → divide.
    const order = Int32Array.from(dst.dataSync())
      .map((d, i) => d * e + i)
      .sort()
      .map((k) => k % e);
    const sortedDst = tf.gather(dst, tf.tensor1d(order, 'int32')) as tf.Tensor1D;
    const s = randn([e, 1]) as tf.Tensor2D;
    const oursSm = await medianMs(
      run(() => edgeSoftmax(s, sortedDst, n)),
      7,
    );
    const theirsSm = await medianMs(
      run(() => {
        const ex = tf.exp(s);
        const z = tf.sparse.sparseSegmentSum(ex, tf.range(0, e, 1, 'int32'), sortedDst);
        return tf.div(
          ex,
          tf.gather(
            tf.pad(z, [
              [0, n - z.shape[0]],
              [0, 0],
            ]),
            sortedDst,
          ),
        );
      }),
      7,
    );
    row(`${backend.padEnd(4)} edge softmax N=2k E=20k H=1`, oursSm, theirsSm, 'sparseSegmentSum');
  }

  // 5. wasm kernels pinlab replaces or adds, vs the stock ones on the same inputs.
  await tf.setBackend('wasm');
  {
    const { src } = graph(60000, 1_000_000);
    const x = randn([60000, 32]);
    const ours = await medianMs(
      run(() => tf.gather(x, src)),
      3,
    );
    const theirs = await medianMs(
      run(() => tf.engine().runKernel('StockGatherV2', { x, indices: src }, { axis: 0, batchDims: 0 }) as tf.Tensor),
      3,
    );
    row('wasm gather rows N=60k idx=1M C=32', ours, theirs, 'stock GatherV2');
    const z = randn([60000, 16]) as tf.Tensor2D;
    const { src: u, dst: v } = graph(60000, 1_000_000);
    const oursDot = await medianMs(
      run(() => pairDot(z, u, v)),
      3,
    );
    const theirsDot = await medianMs(
      run(() => tf.sum(tf.mul(tf.gather(z, u), tf.gather(z, v)), 1)),
      3,
    );
    row('wasm pair dot N=60k P=1M C=16', oursDot, theirsDot, 'gather·mul·sum');
    const a = randn([2708, 1433]);
    const b = randn([2708, 64]);
    const oursMm = await medianMs(
      run(() => tf.matMul(a, b, true, false)),
      3,
    );
    const theirsMm = await medianMs(
      run(
        () =>
          tf
            .engine()
            .runKernel(
              'StockBatchMatMul',
              { a: a.reshape([1, 2708, 1433]), b: b.reshape([1, 2708, 64]) },
              { transposeA: true, transposeB: false },
            ) as tf.Tensor,
      ),
      3,
    );
    row('wasm matMul Aᵀ·B [2708×1433]ᵀ[2708×64]', oursMm, theirsMm, 'stock BatchMatMul');
    const oursDrop = await medianMs(
      run(() => fastDropout(a, 0.6, 7)),
      3,
    );
    const theirsDrop = await medianMs(
      run(() => tf.dropout(a, 0.6, undefined, 7)),
      3,
    );
    row('wasm dropout [2708×1433] p=0.6', oursDrop, theirsDrop, 'tf.dropout');
  }

  // 6. Graph scale (N=60k, E=1M, C=32): pinlab forward + backward throughput.
  for (const backend of ['cpu', 'wasm']) {
    await tf.setBackend(backend);
    const n = 60000;
    const e = 1_000_000;
    const { src, dst } = graph(n, e);
    const s = randn([e, 1]) as tf.Tensor2D;
    const x = randn([n, 1, 32]) as tf.Tensor3D;
    const fwd = await medianMs(
      run(() => edgeAggregate(edgeSoftmax(s, dst, n), x, src, dst, n)),
      3,
    );
    const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(edgeAggregate(edgeSoftmax(a as tf.Tensor2D, dst, n), b as tf.Tensor3D, src, dst, n)),
    );
    const both = await medianMs(
      run(() => grads([s, x])),
      3,
    );
    const gatherBack = await medianMs(
      run(() => tf.grad((t: tf.Tensor) => tf.sum(tf.gather(t, src)))(x.reshape([n, 32]))),
      3,
    );
    console.log(
      `${backend.padEnd(4)} N=60k E=1M C=32: softmax+SpMM forward ${fmtMs(fwd)} (${(e / fwd / 1e3).toFixed(1)} M edges/s), ` +
        `forward+backward ${fmtMs(both)}, gather fwd+bwd ${fmtMs(gatherBack)}`,
    );
  }
}

async function threadsPart() {
  const { reps, threads, heads: H } = options;
  if (!(reps >= 5)) throw new Error(`--reps must be at least 5, got ${reps}`);
  await tf.setBackend('wasm');
  const n = 60000;
  const e = 1_000_000;
  const C = 32;
  console.log(
    `threads part: ${threads} threads ÷ 1 (target ≤ 0.6), N=${n} E=${e} H=${H} C=${C}, ${reps} paired repetitions; ` +
      `default threadCount() here: ${threadCount()}; load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
  );
  // Memory-copy baseline: 64 MB, one thread (TypedArray.set) and split across the pool.
  const words = 16 << 20;
  const from = sharedFloats(words);
  const to = sharedFloats(words);
  for (let i = 0; i < words; i += 997) from[i] = i;
  const copy = pairedThreads(() => parallelFor(copyTask, { src: from, dst: to }, words), threads, reps);
  const copyBytes = 8 * words;
  const gbs = (bytes: number, ms: number) => bytes / ms / 1e6;
  const copy1 = gbs(copyBytes, spread(copy.one).median);
  const copyN = gbs(copyBytes, spread(copy.many).median);
  console.log(
    `${'memory copy 64 MB'.padEnd(34)} 1 thread ${fmtMs(spread(copy.one).median).padStart(9)} ${copy1.toFixed(2)} GB/s; ` +
      `${threads} threads ${copyN.toFixed(2)} GB/s; ratio ${fmtSpread(ratioSpread(copy.many, copy.one))}`,
  );

  const { src, dst } = graph(n, e);
  const { src: u, dst: v } = graph(n, e);
  const w = tf.abs(randn([e, H])) as tf.Tensor2D;
  const x = randn([n, H, C]) as tf.Tensor3D;
  const x2 = randn([n, C]) as tf.Tensor2D;
  const xe = randn([e, C]) as tf.Tensor2D;
  const s = randn([e, H]) as tf.Tensor2D;
  const alpha = edgeSoftmax(s, dst, n);
  const z = randn([n, 16]) as tf.Tensor2D;
  const g = randn([e]) as tf.Tensor1D;
  // Compulsory traffic: every input read once, every output written once, each gathered row counted.
  const cases: Array<[string, number, () => tf.Tensor]> = [
    ['edge aggregate (SpMM)', e * (4 * H + 8) + 4 * e * H * C + 4 * n * H * C, () => edgeAggregate(w, x, src, dst, n)],
    [
      'edge aggregate ∂weights',
      8 * e + 8 * e * H * C + 4 * e * H,
      () => tf.engine().runKernel('PinlabEdgeAggregateGradWeights', { dy: x, x, src, dst }) as tf.Tensor,
    ],
    ['edge softmax', 4 * e + 8 * e * H, () => edgeSoftmax(s, dst, n)],
    [
      'edge softmax ∂scores',
      4 * e + 12 * e * H,
      () => tf.engine().runKernel('PinlabEdgeSoftmaxGrad', { dy: s, alpha, dst }, { numNodes: n }) as tf.Tensor,
    ],
    ['segment sum', 4 * e + 4 * e * C + 4 * n * C, () => tf.unsortedSegmentSum(xe, dst, n)],
    ['gather rows', 4 * e + 8 * e * C, () => tf.gather(x2, src)],
    ['pair dot (C=16)', 12 * e + 2 * 4 * e * 16, () => pairDot(z, u, v)],
    [
      'pair dot ∂z (C=16)',
      12 * e + 2 * 4 * e * 16 + 4 * n * 16,
      () => tf.engine().runKernel('PinlabPairDotGrad', { dy: g, z, u, v }) as tf.Tensor,
    ],
  ];
  for (const [name, bytes, op] of cases) {
    if (!name.includes(options.only)) continue;
    // An extra warm-up pair first: a kernel's first 2-thread call touches its new shared scratch
    // for the first time, and on this machine first touches of 100+ MB took seconds, which the
    // copy time per call below would otherwise average in.
    pairedThreads(() => tf.tidy(() => void op()), threads, 0);
    const copied = sharedCopy.ms;
    const r = pairedThreads(() => tf.tidy(() => void op()), threads, reps);
    const one = spread(r.one).median;
    const many = spread(r.many).median;
    // Copies happen only at > 1 thread: the warm-up and the `reps` timed calls.
    const copyMs = (sharedCopy.ms - copied) / (reps + 1);
    console.log(
      `${name.padEnd(34)} 1 thread ${fmtMs(one).padStart(9)} ${gbs(bytes, one).toFixed(2)} GB/s = ${(gbs(bytes, one) / copy1).toFixed(2)}× copy; ` +
        `${threads} threads ${fmtMs(many).padStart(9)} ${gbs(bytes, many).toFixed(2)} GB/s = ${(gbs(bytes, many) / copyN).toFixed(2)}× copy; ` +
        `ratio ${threads}/1 ${fmtSpread(ratioSpread(r.many, r.one))}, CPU ${fmtSpread(ratioSpread(r.cpuMany, r.cpuOne))}; ` +
        `copies to and from SharedArrayBuffers ${fmtMs(copyMs)} per call (${((100 * copyMs) / many).toFixed(0)}% of the ${threads}-thread time)`,
    );
  }
}

async function main() {
  if (!['all', 'stock', 'threads'].includes(options.part))
    throw new Error(`--part must be all, stock or threads, got '${options.part}'`);
  if (options.part !== 'threads') await stockPart();
  if (options.part !== 'stock') await threadsPart();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
