// Synthetic ads world and graph throughput. Every rate is per CPU-second of this single-threaded
// process (process.cpuUsage), because the machine is shared and wall time mostly measures others'
// load; each stage prints a ratio against a baseline measured in the same run:
//   generation vs drawing one Rng uniform per impression; CSR (counting sort) vs a naive
//   array-of-arrays build; graphology build vs CSR; walks vs drawing one uniform per step.
// Then a child process generates the 10× world (100 000 users, 500 000 items) and reports its peak
// memory (maxRSS). Run: npm run bench -- world   (--scale N changes the large scale).
import { spawnSync } from 'node:child_process';
import { generateWorld } from '../lib/data/world/generate';
import { buildEdges, type EdgeList } from '../lib/graph/edges';
import { toCsr } from '../lib/graph/csr';
import { toGraphology } from '../lib/graph/graphology';
import { RandomWalker } from '../lib/graph/walks';
import { NodeKind } from '../lib/graph/edges';
import { Rng } from '../lib/random/rng';
import { cliOptions } from '../scripts/cli-options';
import { cpuSeconds } from './support/timing';

const options = cliOptions({
  scale: { default: 10, help: 'world scale of the peak-memory run in a child process' },
  'large-child': { default: 0, help: 'internal: be that child, generating the given scale alone' },
});

/** The baseline: CPU seconds of `n` draws from `rng` (median of 3 runs). */
function rngDraws(rng: Rng, n: number): { seconds: number } {
  return cpuSeconds(() => {
    let s = 0;
    for (let i = 0; i < n; i++) s += rng.next();
    return s;
  }, 3);
}

const fmt = (x: number): string =>
  x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)} k` : x.toFixed(1);
const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** The naive CSR: per-arc objects pushed into per-node arrays, then flattened. */
function naiveCsr(edges: EdgeList): { indptr: Uint32Array; indices: Uint32Array; weight: Float32Array } {
  const adj: { to: number; w: number }[][] = Array.from({ length: edges.nodes.count }, () => []);
  for (let e = 0; e < edges.count; e++) {
    adj[edges.src[e]].push({ to: edges.dst[e], w: edges.weight[e] });
    adj[edges.dst[e]].push({ to: edges.src[e], w: edges.weight[e] });
  }
  const indptr = new Uint32Array(adj.length + 1);
  const indices: number[] = [];
  const weight: number[] = [];
  adj.forEach((row, v) => {
    for (const a of row) {
      indices.push(a.to);
      weight.push(a.w);
    }
    indptr[v + 1] = indices.length;
  });
  return { indptr, indices: Uint32Array.from(indices), weight: Float32Array.from(weight) };
}

function large(scale: number): void {
  const gen = cpuSeconds(() => generateWorld({ scale }));
  const world = gen.result;
  const edges = cpuSeconds(() => buildEdges(world));
  const csr = cpuSeconds(() => toCsr(edges.result), 3);
  const mem = process.memoryUsage();
  console.log(
    JSON.stringify({
      scale,
      users: world.users.count,
      items: world.items.count,
      interactions: world.interactions.count,
      edges: edges.result.count,
      genSeconds: gen.seconds,
      edgeSeconds: edges.seconds,
      csrSeconds: csr.seconds,
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
      heapUsed: mem.heapUsed,
      arrayBuffers: mem.arrayBuffers,
    }),
  );
}

function main(): void {
  console.log('reference world: 10 000 users, 50 000 items (rates per CPU-second)');
  const gen = cpuSeconds(() => generateWorld({}));
  const world = gen.result;
  const rows = world.interactions.count;
  const rng = new Rng(1);
  const base = rngDraws(rng, rows);
  console.log(
    `generation   ${fmt(rows / gen.seconds)} interactions/s  (${rows} rows in ${gen.seconds.toFixed(2)} s; ${(gen.seconds / base.seconds).toFixed(1)}× one Rng draw per row)`,
  );

  const edges = cpuSeconds(() => buildEdges(world), 3);
  const E = edges.result.count;
  console.log(`edge build   ${fmt(rows / edges.seconds)} interactions/s → ${E} undirected edges (${2 * E} directed)`);

  const csr = cpuSeconds(() => toCsr(edges.result), 5);
  const naive = cpuSeconds(() => naiveCsr(edges.result), 3);
  if (
    naive.result.indices.length !== csr.result.indices.length ||
    naive.result.indptr.some((v, k) => v !== csr.result.indptr[k])
  )
    throw new Error('naive CSR differs');
  const csrRate = E / csr.seconds;
  console.log(
    `CSR build    ${fmt(csrRate)} edges/s (${fmt((2 * E) / csr.seconds)} arcs/s) vs naive ${fmt(E / naive.seconds)} edges/s: ${(naive.seconds / csr.seconds).toFixed(1)}× faster; target ≥ 5 M edges/s ${csrRate >= 5e6 ? 'MET' : 'NOT MET'}`,
  );

  const graph = cpuSeconds(() => toGraphology(world, edges.result));
  console.log(
    `graphology   ${fmt(E / graph.seconds)} edges/s (${graph.seconds.toFixed(2)} s; ${(graph.seconds / csr.seconds).toFixed(0)}× the CSR build)`,
  );

  const nodes = edges.result.nodes;
  const countable = new Uint8Array(nodes.count);
  for (let v = 0; v < nodes.count; v++)
    countable[v] = nodes.kind[v] === NodeKind.item || nodes.kind[v] === NodeKind.ad ? 1 : 0;
  const steps = 1000;
  const walker = new RandomWalker(csr.result, { steps, restart: 0.5 }, countable);
  const sources = Uint32Array.from({ length: 2000 }, (_, k) => nodes.itemOffset + ((k * 7919) % nodes.items));
  const walks = cpuSeconds(() => walker.neighbourhoods(sources, 50, new Rng(2)), 3);
  const totalSteps = sources.length * steps;
  const walkBase = rngDraws(rng, totalSteps);
  console.log(
    `walks        ${fmt(totalSteps / walks.seconds)} steps/s, ${fmt(sources.length / walks.seconds)} top-50 neighbourhoods/s (${steps} steps each; ${(walks.seconds / walkBase.seconds).toFixed(1)}× one Rng draw per step)`,
  );
  console.log(`reference peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}`);

  const scale = options.scale;
  console.log(`\n${scale}× world in a child process (peak memory of generation + edges + CSR alone):`);
  const child = spawnSync(process.execPath, [...process.execArgv, __filename, '--large-child', String(scale)], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (child.status !== 0) throw new Error(`large-scale child failed: ${child.stderr}`);
  const r = JSON.parse(child.stdout.trim().split('\n').pop()!);
  console.log(`${r.users} users, ${r.items} items, ${r.interactions} interactions, ${r.edges} edges`);
  console.log(
    `generation ${fmt(r.interactions / r.genSeconds)} interactions/s (${r.genSeconds.toFixed(1)} s, ${(r.interactions / r.genSeconds / (rows / gen.seconds)).toFixed(2)}× the reference rate); edges ${r.edgeSeconds.toFixed(1)} s; CSR ${fmt(r.edges / r.csrSeconds)} edges/s`,
  );
  console.log(`peak RSS ${mb(r.maxRssBytes)} (typed arrays ${mb(r.arrayBuffers)}, JS heap ${mb(r.heapUsed)})`);
}

if (options['large-child'] > 0) large(options['large-child']);
else main();
