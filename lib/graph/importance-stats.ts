import { PinlabInputError } from '../errors';
import type { Csr } from './csr';
import type { Neighbourhoods } from './walks';

/** Where importance neighbourhoods land, by category (see `sameCategoryImportance`). */
export interface SameCategoryImportance {
  /** Mean over sources with a neighbourhood of the importance weight on nodes of the source's category. */
  weight: number;
  /** The same share for neighbours drawn uniformly from all items: mean over sources of their category's item share. */
  chance: number;
  /** Sources whose walks reached at least one countable node. */
  withNeighbours: number;
  /** Mean neighbourhood size over those sources. */
  meanNeighbours: number;
}

/**
 * How much of each item source's importance weight (`hoods`, from `RandomWalker.neighbourhoods` over
 * `sources`) falls on items of its own category. Nodes are items offset by `itemOffset`;
 * `itemCategory[i]` is item i's category. The weights of a neighbourhood sum to 1, so `weight` is a
 * share, comparable with `chance`.
 */
export function sameCategoryImportance(
  itemCategory: ArrayLike<number>,
  itemOffset: number,
  sources: ArrayLike<number>,
  hoods: Neighbourhoods,
): SameCategoryImportance {
  if (hoods.indptr.length !== sources.length + 1) {
    throw new PinlabInputError(
      'hoods.indptr',
      `length ${hoods.indptr.length} differs from ${sources.length} sources + 1`,
    );
  }
  if (sources.length === 0) throw new PinlabInputError('sources', 'is empty');
  const categoryOf = (v: number): number => {
    const c = itemCategory[v - itemOffset];
    if (c === undefined)
      throw new PinlabInputError(
        'sources',
        `node ${v} is not an item (offset ${itemOffset}, ${itemCategory.length} items)`,
      );
    return c;
  };
  const itemsIn = new Map<number, number>();
  for (let i = 0; i < itemCategory.length; i++) itemsIn.set(itemCategory[i], (itemsIn.get(itemCategory[i]) ?? 0) + 1);
  let weight = 0;
  let chance = 0;
  let withNeighbours = 0;
  for (let k = 0; k < sources.length; k++) {
    const c = categoryOf(sources[k]);
    chance += itemsIn.get(c)! / itemCategory.length;
    if (hoods.indptr[k + 1] === hoods.indptr[k]) continue;
    withNeighbours++;
    for (let p = hoods.indptr[k]; p < hoods.indptr[k + 1]; p++)
      if (categoryOf(hoods.nodes[p]) === c) weight += hoods.weights[p];
  }
  return {
    weight: withNeighbours > 0 ? weight / withNeighbours : NaN,
    chance: chance / sources.length,
    withNeighbours,
    meanNeighbours: withNeighbours > 0 ? hoods.nodes.length / withNeighbours : NaN,
  };
}

/** The candidate node with the most arcs in `csr` (the first such on ties). */
export function mostConnected(csr: Csr, candidates: ArrayLike<number>): number {
  if (candidates.length === 0) throw new PinlabInputError('candidates', 'is empty');
  let best = candidates[0];
  for (let k = 0; k < candidates.length; k++) {
    const v = candidates[k];
    if (!(Number.isInteger(v) && v >= 0 && v < csr.nodeCount))
      throw new PinlabInputError('candidates', `must be a node id in [0, ${csr.nodeCount}), got ${v}`, k);
    if (csr.indptr[v + 1] - csr.indptr[v] > csr.indptr[best + 1] - csr.indptr[best]) best = v;
  }
  return best;
}

/** 1 for nodes whose kind (`NodeKind`) is among `kinds`, else 0: a `RandomWalker`'s countable mask. */
export function nodeKindMask(kind: ArrayLike<number>, kinds: readonly number[]): Uint8Array {
  const mask = new Uint8Array(kind.length);
  for (let v = 0; v < kind.length; v++) mask[v] = kinds.includes(kind[v]) ? 1 : 0;
  return mask;
}
