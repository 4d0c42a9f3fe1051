import { PinlabInputError, requireInt } from '../errors';
import type { Rng } from '../random/rng';
import type { Csr } from './csr';

export interface WalkOptions {
  /** Number of steps of the walk (default 2000). */
  steps?: number;
  /** Probability of jumping back to the source at each step (default 0.5, as DGL's PinSage example). */
  restart?: number;
  /** Step to a neighbour ∝ edge weight (default true) or uniformly. */
  weighted?: boolean;
  /** Walk only along these edge kinds (default all), e.g. [EdgeKind.engaged] for PinSage's user–item walks. */
  edgeKinds?: readonly number[];
}

/** Importance neighbourhoods of many sources, flattened: source k owns [indptr[k], indptr[k+1]). */
export interface Neighbourhoods {
  indptr: Uint32Array;
  nodes: Uint32Array;
  /** Visit counts normalised to sum 1 per source (PinSage's importance-pooling weights). */
  weights: Float32Array;
}

/**
 * Random walks with restart on a CSR graph (PinSage's importance-based neighbourhoods, Ying et
 * al. 2018). From the source, each step jumps back to the source with probability `restart`, else
 * moves to a neighbour (∝ weight when weighted); a node with no neighbours restarts. The long-run
 * share of steps spent at v is the personalised PageRank π_s(v). Scratch buffers are reused, so
 * walking allocates nothing per step or per source.
 */
export class RandomWalker {
  /** Per-row cumulative weights, aligned with `csr.indices`. */
  private readonly cum: Float64Array;
  private readonly counts: Uint32Array;
  private readonly touched: Uint32Array;
  private nTouched = 0;

  constructor(
    readonly csr: Csr,
    readonly options: WalkOptions = {},
    private readonly countable?: Uint8Array,
  ) {
    const restart = options.restart ?? 0.5;
    if (!(restart > 0 && restart <= 1)) throw new PinlabInputError('restart', `must be in (0, 1], got ${restart}`);
    requireInt('steps', options.steps ?? 2000, 1);
    if (countable && countable.length !== csr.nodeCount)
      throw new PinlabInputError('countable', `length ${countable.length} differs from ${csr.nodeCount} nodes`);
    const allowed = new Uint8Array(256).fill(options.edgeKinds ? 0 : 1);
    options.edgeKinds?.forEach((k, i) => {
      if (!Number.isInteger(k) || k < 0 || k > 255)
        throw new PinlabInputError('edgeKinds', `must be an edge kind code, got ${k}`, i);
      allowed[k] = 1;
    });
    // Excluded arcs get zero weight: their cumulative sum does not grow, so they are never drawn.
    this.cum = new Float64Array(csr.indices.length);
    for (let v = 0; v < csr.nodeCount; v++) {
      let acc = 0;
      for (let p = csr.indptr[v]; p < csr.indptr[v + 1]; p++) {
        const w = options.weighted === false ? 1 : csr.weight[p];
        if (!(w >= 0)) throw new PinlabInputError('csr.weight', `must be >= 0, got ${w}`, p);
        this.cum[p] = acc += allowed[csr.kind[p]] ? w : 0;
      }
    }
    this.counts = new Uint32Array(csr.nodeCount);
    this.touched = new Uint32Array(csr.nodeCount);
  }

  /** A neighbour of v drawn ∝ weight (cum restarts at each row, so the row total is its last entry), or −1. */
  private step(v: number, rng: Rng): number {
    let lo = this.csr.indptr[v];
    let hi = this.csr.indptr[v + 1] - 1;
    if (hi < lo || !(this.cum[hi] > 0)) return -1;
    const u = rng.next() * this.cum[hi];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cum[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return this.csr.indices[lo];
  }

  /**
   * Walks from `source` and returns visit counts in a shared buffer (valid until the next call):
   * `counts[v]` for the `touched` nodes. Counts every position after each step, source included.
   */
  visit(source: number, rng: Rng): { counts: Uint32Array; touched: Uint32Array } {
    if (!(source >= 0 && source < this.csr.nodeCount && Number.isInteger(source)))
      throw new PinlabInputError('source', `must be a node id in [0, ${this.csr.nodeCount}), got ${source}`);
    for (let k = 0; k < this.nTouched; k++) this.counts[this.touched[k]] = 0;
    this.nTouched = 0;
    const steps = this.options.steps ?? 2000;
    const restart = this.options.restart ?? 0.5;
    let v = source;
    for (let s = 0; s < steps; s++) {
      if (rng.next() < restart) v = source;
      else {
        const next = this.step(v, rng);
        v = next < 0 ? source : next;
      }
      if (this.counts[v]++ === 0) this.touched[this.nTouched++] = v;
    }
    return { counts: this.counts, touched: this.touched.subarray(0, this.nTouched) };
  }

  /**
   * The top-T nodes by visit count (source excluded, only `countable` kinds when given), ties by
   * node id, with weights = count / Σ top-T counts.
   */
  importance(source: number, T: number, rng: Rng): { nodes: Uint32Array; weights: Float32Array } {
    requireInt('T', T, 1);
    const { counts, touched } = this.visit(source, rng);
    // Filter into a copy: `touched` is the list the next visit resets counts from, so compacting
    // it in place would leave the dropped nodes' counts stale for every later source.
    const kept = touched
      .filter((v) => v !== source && (!this.countable || this.countable[v]))
      .sort((a, b) => counts[b] - counts[a] || a - b);
    const nodes = kept.slice(0, Math.min(T, kept.length));
    const weights = new Float32Array(nodes.length);
    let total = 0;
    for (let k = 0; k < nodes.length; k++) total += counts[nodes[k]];
    for (let k = 0; k < nodes.length; k++) weights[k] = counts[nodes[k]] / total;
    return { nodes, weights };
  }

  /** Importance neighbourhoods of many sources (PinSage's top-T by visit count). */
  neighbourhoods(sources: ArrayLike<number>, T: number, rng: Rng): Neighbourhoods {
    const indptr = new Uint32Array(sources.length + 1);
    const nodes = new Uint32Array(sources.length * T);
    const weights = new Float32Array(sources.length * T);
    for (let k = 0; k < sources.length; k++) {
      const top = this.importance(sources[k], T, rng);
      nodes.set(top.nodes, indptr[k]);
      weights.set(top.weights, indptr[k]);
      indptr[k + 1] = indptr[k] + top.nodes.length;
    }
    return { indptr, nodes: nodes.slice(0, indptr[sources.length]), weights: weights.slice(0, indptr[sources.length]) };
  }
}
