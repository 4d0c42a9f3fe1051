import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inEdges, sampleNeighbours, type NeighbourSample } from '../../lib/graph/neighbour-sampler';
import { PinlabInputError } from '../../lib/errors';
import { Rng } from '../../lib/random/rng';

/** A random directed graph: `n` nodes, each with a random in-degree in [0, maxDeg]. */
function randomGraph(n: number, maxDeg: number, seed: number): { src: Int32Array; dst: Int32Array } {
  const rng = new Rng(seed);
  const src: number[] = [];
  const dst: number[] = [];
  for (let v = 0; v < n; v++) {
    const deg = rng.int(maxDeg + 1);
    for (let k = 0; k < deg; k++) {
      src.push(rng.int(n));
      dst.push(v);
    }
  }
  return { src: Int32Array.from(src), dst: Int32Array.from(dst) };
}

test('inEdges groups edges by destination, keeping input order and edge ids', () => {
  const g = inEdges(Int32Array.of(0, 2, 1, 0), Int32Array.of(1, 1, 0, 2), 3);
  assert.deepEqual([...g.indptr], [0, 1, 3, 4]);
  assert.deepEqual([...g.source], [1, 0, 2, 0]);
  assert.deepEqual([...g.edge], [2, 0, 1, 3]);
  assert.throws(() => inEdges(Int32Array.of(0), Int32Array.of(3), 3), PinlabInputError);
});

test('sampleNeighbours: seeds first, fan-out respected, every edge real, hops counted', () => {
  const n = 300;
  const { src, dst } = randomGraph(n, 25, 1);
  const g = inEdges(src, dst, n);
  const edgeSet = new Set<number>();
  for (let e = 0; e < src.length; e++) edgeSet.add(src[e] * n + dst[e]);
  const seeds = Int32Array.of(5, 17, 5, 42, 17, 99);
  const fanout = [4, 3];
  const s = sampleNeighbours(g, seeds, fanout, new Rng(3));
  // Seeds first, deduplicated in order of first appearance.
  assert.deepEqual([...s.nodes.subarray(0, 4)], [5, 17, 42, 99]);
  assert.deepEqual([...s.seedLocal], [0, 1, 0, 2, 1, 3]);
  assert.equal(new Set(s.nodes).size, s.nodes.length, 'each node once');
  assert.equal(
    s.nodesPerHop.reduce((a, b) => a + b),
    s.nodes.length,
  );
  assert.equal(s.nodesPerHop[0], 4);
  assert.equal(
    s.edgesPerHop.reduce((a, b) => a + b),
    s.edge.length,
  );
  // Hop h samples into the nodes first reached at hop h − 1: min(fanout, in-degree) distinct in-edges each.
  let start = 0;
  let e = 0;
  for (let h = 0; h < fanout.length; h++) {
    const end = start + s.nodesPerHop[h];
    for (let i = start; i < end; i++) {
      const v = s.nodes[i];
      const deg = g.indptr[v + 1] - g.indptr[v];
      const mine: number[] = [];
      while (e < s.edge.length && s.dst[e] === i) mine.push(s.edge[e++]);
      assert.equal(mine.length, Math.min(fanout[h], deg), `node ${v} at hop ${h + 1}`);
      assert.equal(new Set(mine).size, mine.length, 'without replacement');
    }
    start = end;
  }
  assert.equal(e, s.edge.length, 'edges only into frontier nodes, hop by hop');
  for (let k = 0; k < s.edge.length; k++) {
    const id = s.edge[k];
    assert.equal(src[id], s.nodes[s.src[k]], 'local source maps to the edge source');
    assert.equal(dst[id], s.nodes[s.dst[k]], 'local destination maps to the edge destination');
    assert.ok(edgeSet.has(s.nodes[s.src[k]] * n + s.nodes[s.dst[k]]));
  }
});

test('sampleNeighbours: -1 takes every in-edge; sampling is uniform over in-edges', () => {
  const n = 50;
  const { src, dst } = randomGraph(n, 12, 2);
  const g = inEdges(src, dst, n);
  const all = sampleNeighbours(g, Int32Array.of(7), [-1], new Rng(1));
  assert.equal(all.edge.length, g.indptr[8] - g.indptr[7]);
  // A node with 10 in-edges, 2 sampled per draw: each edge is picked with probability 0.2.
  const star = inEdges(
    Int32Array.from({ length: 10 }, (_, k) => k + 1),
    new Int32Array(10),
    11,
  );
  const counts = new Array(10).fill(0);
  const rng = new Rng(4);
  const draws = 5000;
  for (let t = 0; t < draws; t++)
    for (const id of sampleNeighbours(star, Int32Array.of(0), [2], rng).edge) counts[id]++;
  for (const c of counts) assert.ok(Math.abs(c / draws - 0.2) < 0.02, `share ${c / draws}`);
});

test('sampleNeighbours is deterministic for a seed and differs across seeds', () => {
  const n = 200;
  const { src, dst } = randomGraph(n, 20, 5);
  const g = inEdges(src, dst, n);
  const seeds = Int32Array.of(1, 2, 3, 4);
  const run = (seed: number): NeighbourSample => sampleNeighbours(g, seeds, [5, 5], new Rng(seed));
  assert.deepEqual(run(9), run(9));
  assert.notDeepEqual(run(9).edge, run(10).edge);
});

test('sampleNeighbours refuses bad fan-outs and seeds, naming the field', () => {
  const g = inEdges(Int32Array.of(0), Int32Array.of(1), 2);
  for (const fanout of [[], [0], [2.5], [-2]]) {
    assert.throws(
      () => sampleNeighbours(g, Int32Array.of(0), fanout, new Rng(1)),
      (e: unknown) => e instanceof PinlabInputError && e.field === 'fanout',
    );
  }
  assert.throws(
    () => sampleNeighbours(g, Int32Array.of(2), [1], new Rng(1)),
    (e: unknown) => e instanceof PinlabInputError && e.field === 'seeds',
  );
});

/** The sampler written plainly: a dense partial Fisher–Yates over each node's in-edge positions. */
function referenceSample(g: ReturnType<typeof inEdges>, seeds: Int32Array, fanout: number[], rng: Rng) {
  const local = new Map<number, number>();
  const nodes: number[] = [];
  const join = (v: number) => {
    if (!local.has(v)) local.set(v, nodes.push(v) - 1);
    return local.get(v)!;
  };
  seeds.forEach(join);
  const src: number[] = [];
  const dst: number[] = [];
  const edge: number[] = [];
  let [from, to] = [0, nodes.length];
  for (const f of fanout) {
    for (let i = from; i < to; i++) {
      const lo = g.indptr[nodes[i]];
      const deg = g.indptr[nodes[i] + 1] - lo;
      const pick = Array.from({ length: deg }, (_, k) => lo + k);
      for (let k = 0; k < (f === -1 ? deg : Math.min(f, deg)); k++) {
        const j = k + rng.int(deg - k);
        [pick[j], pick[k]] = [pick[k], pick[j]];
        src.push(join(g.source[pick[k]]));
        dst.push(i);
        edge.push(g.edge[pick[k]]);
      }
    }
    [from, to] = [to, nodes.length];
  }
  return { nodes, src, dst, edge };
}

test('sampleNeighbours draws exactly the dense partial Fisher–Yates sample, also at high in-degree', () => {
  const n = 400;
  const base = randomGraph(n, 120, 7);
  // Hubs 3 and 77 (seeds) get 1 500 and 700 more in-edges: above the sampler's dense-scratch degree.
  const hub = new Rng(8);
  const extra = [...Array(1500).fill(3), ...Array(700).fill(77)];
  const src = Int32Array.from([...base.src, ...extra.map(() => hub.int(n))]);
  const dst = Int32Array.from([...base.dst, ...extra]);
  const g = inEdges(src, dst, n);
  const seeds = Int32Array.of(3, 250, 3, 77, 399, 12);
  for (const fanout of [
    [10, 5],
    [-1, 3],
    [200, 1],
  ]) {
    const s = sampleNeighbours(g, seeds, fanout, new Rng(11));
    const r = referenceSample(g, seeds, fanout, new Rng(11));
    assert.deepEqual([...s.nodes], r.nodes);
    assert.deepEqual([...s.src], r.src);
    assert.deepEqual([...s.dst], r.dst);
    assert.deepEqual([...s.edge], r.edge);
  }
});
