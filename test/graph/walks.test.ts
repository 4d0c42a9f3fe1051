import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EdgeList } from '../../lib/graph/edges';
import { toCsr } from '../../lib/graph/csr';
import { RandomWalker } from '../../lib/graph/walks';
import { PinlabInputError } from '../../lib/errors';
import { Rng } from '../../lib/random/rng';

/** A small weighted graph: 0–1 (1), 0–2 (3), 1–2 (1), 2–3 (2), 3–4 (1), 4–5 (1); 6 isolated. */
function smallGraph(): EdgeList {
  const src = Uint32Array.of(0, 0, 1, 2, 3, 4);
  const dst = Uint32Array.of(1, 2, 2, 3, 4, 5);
  const m = src.length;
  return {
    nodes: { count: 7, users: 0, items: 0, categories: 0, itemOffset: 0, categoryOffset: 0, kind: new Uint8Array(7) },
    count: m,
    src,
    dst,
    kind: new Uint8Array(m),
    weight: Float32Array.of(1, 3, 1, 2, 1, 1),
    engagements: new Uint32Array(m),
    firstTime: new Float64Array(m),
    lastTime: new Float64Array(m),
    until: 0,
    refTime: 0,
  };
}

/** Personalised PageRank by power iteration: π = r·e_s + (1 − r)·πP (dangling nodes restart). */
function ppr(csr: ReturnType<typeof toCsr>, s: number, r: number, weighted: boolean): Float64Array {
  let pi = new Float64Array(csr.nodeCount);
  pi[s] = 1;
  for (let it = 0; it < 500; it++) {
    const next = new Float64Array(csr.nodeCount);
    next[s] += r;
    for (let v = 0; v < csr.nodeCount; v++) {
      let total = 0;
      for (let p = csr.indptr[v]; p < csr.indptr[v + 1]; p++) total += weighted ? csr.weight[p] : 1;
      if (total === 0) {
        next[s] += (1 - r) * pi[v];
        continue;
      }
      for (let p = csr.indptr[v]; p < csr.indptr[v + 1]; p++)
        next[csr.indices[p]] += ((1 - r) * pi[v] * (weighted ? csr.weight[p] : 1)) / total;
    }
    pi = next;
  }
  return pi;
}

test('visit frequencies converge to personalised PageRank (weighted and uniform)', () => {
  const csr = toCsr(smallGraph());
  for (const weighted of [true, false]) {
    const steps = 200_000;
    const walker = new RandomWalker(csr, { steps, restart: 0.3, weighted });
    const { counts, touched } = walker.visit(1, new Rng(2));
    let total = 0;
    for (const v of touched) total += counts[v];
    assert.equal(total, steps);
    const pi = ppr(csr, 1, 0.3, weighted);
    // Visits are correlated along a walk; 0.01 is > 5 standard errors at this length.
    for (let v = 0; v < csr.nodeCount; v++)
      assert.ok(
        Math.abs(counts[v] / steps - pi[v]) < 0.01,
        `weighted=${weighted} node ${v}: ${counts[v] / steps} vs ${pi[v]}`,
      );
    assert.equal(counts[6], 0, 'an isolated node is never reached');
  }
});

test('importance neighbourhoods: top-T by visits, source excluded, weights sum to 1, deterministic', () => {
  const csr = toCsr(smallGraph());
  const countable = Uint8Array.of(1, 1, 1, 1, 1, 0, 1);
  const walker = new RandomWalker(csr, { steps: 50_000, restart: 0.3 }, countable);
  const top = walker.importance(0, 3, new Rng(4));
  assert.deepEqual(Array.from(top.nodes), [2, 1, 3]);
  assert.ok(Math.abs(top.weights.reduce((a, b) => a + b, 0) - 1) < 1e-6);
  assert.ok(top.weights[0] >= top.weights[1] && top.weights[1] >= top.weights[2]);
  const many = walker.neighbourhoods([0, 4, 6], 4, new Rng(4));
  assert.deepEqual(Array.from(many.nodes.subarray(0, 3)), [2, 1, 3]);
  const n4 = Array.from(many.nodes.subarray(many.indptr[1], many.indptr[2]));
  assert.ok(!n4.includes(5) && !n4.includes(4), 'uncountable node 5 and the source are left out');
  assert.equal(many.indptr[3] - many.indptr[2], 0, 'an isolated source has an empty neighbourhood');
  const again = new RandomWalker(csr, { steps: 50_000, restart: 0.3 }, countable).neighbourhoods(
    [0, 4, 6],
    4,
    new Rng(4),
  );
  assert.deepEqual(again.weights, many.weights);
});

test('edgeKinds restricts the walk to the chosen edge kinds', () => {
  const g = smallGraph();
  g.kind = Uint8Array.of(0, 1, 0, 0, 0, 0); // edge 0–2 is another kind
  const csr = toCsr(g);
  const walker = new RandomWalker(csr, { steps: 20_000, restart: 0.3, edgeKinds: [0] });
  const { counts } = walker.visit(0, new Rng(5));
  // Without 0–2 the walk reaches 2 only through 1; PPR on the graph without that edge.
  const without = toCsr({
    ...g,
    count: 5,
    src: g.src.filter((_, e) => e !== 1),
    dst: g.dst.filter((_, e) => e !== 1),
    kind: new Uint8Array(5),
    weight: g.weight.filter((_, e) => e !== 1),
    engagements: new Uint32Array(5),
    firstTime: new Float64Array(5),
    lastTime: new Float64Array(5),
  });
  const pi = ppr(without, 0, 0.3, true);
  for (let v = 0; v < 7; v++)
    assert.ok(Math.abs(counts[v] / 20_000 - pi[v]) < 0.02, `node ${v}: ${counts[v] / 20_000} vs ${pi[v]}`);
});

test('walk options are validated', () => {
  const csr = toCsr(smallGraph());
  assert.throws(
    () => new RandomWalker(csr, { restart: 0 }),
    (e: unknown) => e instanceof PinlabInputError && e.field === 'restart',
  );
  assert.throws(
    () => new RandomWalker(csr, { steps: 0 }),
    (e: unknown) => e instanceof PinlabInputError && e.field === 'steps',
  );
  assert.throws(
    () => new RandomWalker(csr).visit(7, new Rng(1)),
    (e: unknown) => e instanceof PinlabInputError && e.field === 'source',
  );
  assert.throws(
    () => new RandomWalker(csr, { edgeKinds: [0, -1] }),
    (e: unknown) => e instanceof PinlabInputError && e.field === 'edgeKinds' && e.index === 1,
  );
});

test('a neighbourhood does not depend on which sources were walked before it', () => {
  const csr = toCsr(smallGraph());
  const countable = Uint8Array.of(1, 1, 1, 1, 1, 0, 1);
  const options = { steps: 5_000, restart: 0.3 };
  // Walking 4 first drops 4 (the source) and 5 (uncountable) from its neighbourhood; their visit
  // counts must still be cleared, or node 3's later neighbourhood misses or misweights them.
  const afterOthers = new RandomWalker(csr, options, countable);
  afterOthers.importance(4, 3, new Rng(1));
  afterOthers.importance(2, 3, new Rng(1));
  const fresh = new RandomWalker(csr, options, countable).importance(3, 6, new Rng(9));
  const reused = afterOthers.importance(3, 6, new Rng(9));
  assert.deepEqual(Array.from(reused.nodes), Array.from(fresh.nodes));
  assert.deepEqual(Array.from(reused.weights), Array.from(fresh.weights));
  assert.ok(Array.from(fresh.nodes).includes(4), 'node 4, next to the source, is in the neighbourhood');
});
