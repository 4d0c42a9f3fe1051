import type { ImplicitSplit } from '../../data/types';
import { PinlabInputError } from '../../errors';
import type { PinSageNeighbourhoods } from './pinsage/neighbourhoods';

/** Users with at least one test item. */
export function usersWithTestItems(split: ImplicitSplit): number {
  let n = 0;
  for (let u = 0; u < split.numUsers; u++) if (split.test.offsets[u + 1] > split.test.offsets[u]) n++;
  return n;
}

/** The user with the most training items among users with a test item (the first on ties), or −1. */
export function richestTestUser(split: ImplicitSplit): number {
  let best = -1;
  let most = -1;
  for (let u = 0; u < split.numUsers; u++) {
    const n = split.train.offsets[u + 1] - split.train.offsets[u];
    if (split.test.offsets[u + 1] > split.test.offsets[u] && n > most) [best, most] = [u, n];
  }
  return best;
}

/** What users' importance neighbourhoods hold (see `userNeighbourhoodComposition`). */
export interface NeighbourhoodComposition {
  /** Users' neighbours with a positive weight. */
  neighbours: number;
  /** Share of them that are the user's own training items. */
  ownShare: number;
  /** Share of them in the user's category (`userCategory`, e.g. the world's main interest). */
  categoryShare: number;
}

/**
 * Counts, over every user's importance neighbours (items, in the stacked layout users then items),
 * those the user trained on and those in its category. Pads (weight 0) are not neighbours.
 */
export function userNeighbourhoodComposition(
  split: ImplicitSplit,
  hoods: PinSageNeighbourhoods,
  itemCategory: ArrayLike<number>,
  userCategory: ArrayLike<number>,
): NeighbourhoodComposition {
  const { T } = hoods;
  if (hoods.nodes.length < split.numUsers * T)
    throw new PinlabInputError(
      'hoods.nodes',
      `holds ${hoods.nodes.length / T} nodes, fewer than ${split.numUsers} users`,
    );
  if (itemCategory.length !== split.numItems)
    throw new PinlabInputError('itemCategory', `length ${itemCategory.length} differs from ${split.numItems} items`);
  if (userCategory.length !== split.numUsers)
    throw new PinlabInputError('userCategory', `length ${userCategory.length} differs from ${split.numUsers} users`);
  let neighbours = 0;
  let own = 0;
  let inCategory = 0;
  for (let u = 0; u < split.numUsers; u++) {
    const mine = new Set(split.train.ids.subarray(split.train.offsets[u], split.train.offsets[u + 1]));
    for (let t = 0; t < T; t++) {
      if (hoods.weights[u * T + t] === 0) continue;
      const item = hoods.nodes[u * T + t] - split.numUsers;
      neighbours++;
      if (mine.has(item)) own++;
      if (itemCategory[item] === userCategory[u]) inCategory++;
    }
  }
  return {
    neighbours,
    ownShare: neighbours > 0 ? own / neighbours : NaN,
    categoryShare: neighbours > 0 ? inCategory / neighbours : NaN,
  };
}
