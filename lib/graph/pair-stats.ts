import { PinlabInputError, requireInt } from '../errors';
import type { LinkPairs } from './split';

/** Positive pairs (label 1) among `pairs`. */
export function countPositives(pairs: LinkPairs): number {
  let n = 0;
  for (let k = 0; k < pairs.count; k++) n += pairs.label[k];
  return n;
}

/** The items of `user`'s positive pairs, in pair order. */
export function positiveItemsOf(pairs: LinkPairs, user: number): number[] {
  const items: number[] = [];
  for (let k = 0; k < pairs.count; k++) if (pairs.user[k] === user && pairs.label[k] === 1) items.push(pairs.item[k]);
  return items;
}

/**
 * The first user, from `start` on and wrapping around `users`, with at least `min` positive pairs
 * (notebook 04's demo user), or −1 when none has.
 */
export function userWithPositives(pairs: LinkPairs, users: number, start: number, min: number): number {
  requireInt('users', users, 1);
  requireInt('min', min, 1);
  if (!(Number.isInteger(start) && start >= 0 && start < users))
    throw new PinlabInputError('start', `must be a user in [0, ${users}), got ${start}`);
  const counts = new Uint32Array(users);
  for (let k = 0; k < pairs.count; k++) if (pairs.label[k] === 1 && pairs.user[k] < users) counts[pairs.user[k]]++;
  for (let j = 0; j < users; j++) {
    const u = (start + j) % users;
    if (counts[u] >= min) return u;
  }
  return -1;
}
