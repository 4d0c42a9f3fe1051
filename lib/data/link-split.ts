import { requireFinite, requireInt } from '../errors';
import { Rng } from '../random/rng';
import { LabeledPairs, Pairs } from './types';

/** Undirected-edge key (u < v), exact for node ids < 2²⁶. */
const key = (u: number, v: number) => (u < v ? u * 67108864 + v : v * 67108864 + u);

/** The undirected keys of a set of pairs. */
export function pairKeys(p: Pairs): Set<number> {
  const keys = new Set<number>();
  for (let e = 0; e < p.src.length; e++) keys.add(key(p.src[e], p.dst[e]));
  return keys;
}

/**
 * Draws `count` uniform node pairs u ≠ v that are not in `exclude` (nor repeated), as PyG's
 * `negative_sampling` does for undirected graphs.
 */
export function sampleNonEdges(rng: Rng, numNodes: number, count: number, exclude: Set<number>): Pairs {
  const src = new Int32Array(count);
  const dst = new Int32Array(count);
  const taken = new Set<number>();
  for (let i = 0; i < count;) {
    const u = rng.int(numNodes);
    const v = rng.int(numNodes);
    const k = key(u, v);
    if (u === v || exclude.has(k) || taken.has(k)) continue;
    taken.add(k);
    src[i] = u;
    dst[i] = v;
    i++;
  }
  return { src, dst };
}

export interface LinkSplit {
  /** Training edges, one direction (u < v); message passing uses both directions. */
  readonly train: Pairs;
  readonly val: LabeledPairs;
  readonly test: LabeledPairs;
  /** Training edge keys: training negatives exclude these (PyG samples against the training graph). */
  readonly trainKeys: Set<number>;
}

/**
 * PyG's `RandomLinkSplit` protocol for undirected graphs (GAE, link_pred.py): shuffle the edges,
 * hold out `valFraction` and `testFraction` of them, and pair each held-out set with as many
 * non-edges sampled once (1:1).
 */
export function randomLinkSplit(
  src: Int32Array,
  dst: Int32Array,
  numNodes: number,
  rng: Rng,
  valFraction = 0.05,
  testFraction = 0.1,
): LinkSplit {
  requireInt('numNodes', numNodes, 2);
  requireFinite('valFraction', valFraction, 0);
  requireFinite('testFraction', testFraction, 0);
  const perm = rng.shuffle(Int32Array.from({ length: src.length }, (_, i) => i));
  const nVal = Math.floor(valFraction * src.length);
  const nTest = Math.floor(testFraction * src.length);
  const take = (from: number, to: number): Pairs => ({
    src: Int32Array.from(perm.subarray(from, to), (e) => Math.min(src[e], dst[e])),
    dst: Int32Array.from(perm.subarray(from, to), (e) => Math.max(src[e], dst[e])),
  });
  const allEdges = pairKeys({ src, dst });
  const val = take(0, nVal);
  const test = take(nVal, nVal + nTest);
  const negatives = sampleNonEdges(rng.fork('held-out negatives'), numNodes, nVal + nTest, allEdges);
  const slice = (p: Pairs, a: number, b: number): Pairs => ({ src: p.src.subarray(a, b), dst: p.dst.subarray(a, b) });
  const train = take(nVal + nTest, src.length);
  return {
    train,
    val: labeledPairs(val, slice(negatives, 0, nVal)),
    test: labeledPairs(test, slice(negatives, nVal, nVal + nTest)),
    trainKeys: pairKeys(train),
  };
}

/** Both directions of undirected pairs, for a message graph. */
export function bothDirections(p: Pairs): Pairs {
  const n = p.src.length;
  const src = new Int32Array(2 * n);
  const dst = new Int32Array(2 * n);
  src.set(p.src);
  src.set(p.dst, n);
  dst.set(p.dst);
  dst.set(p.src, n);
  return { src, dst };
}

/** Positives then negatives, labelled 1 and 0. */
export function labeledPairs(pos: Pairs, neg: Pairs): LabeledPairs {
  const n = pos.src.length + neg.src.length;
  const src = new Int32Array(n);
  const dst = new Int32Array(n);
  src.set(pos.src);
  src.set(neg.src, pos.src.length);
  dst.set(pos.dst);
  dst.set(neg.dst, pos.src.length);
  const label = new Uint8Array(n);
  label.fill(1, 0, pos.src.length);
  return { src, dst, label };
}
