import { PinlabInputError, requireFinite, requireInt } from '../errors';
import type { World } from '../data/world/world';
import type { Rng } from '../random/rng';
import type { AdRequest } from './types';

export type Surface = 'related' | 'home' | 'all';

/**
 * Ad requests replayed from the world's sessions: each session starting in [from, to) on the
 * chosen surface ('related': sessions with a subject pin; 'home': home feed) becomes one request
 * (user, session start, subject pin). Up to `limit` sessions are drawn uniformly by `rng` and
 * returned in session order.
 */
export function sampleAdRequests(
  world: World,
  opts: { from: number; to: number; limit: number; rng: Rng; surface?: Surface },
): AdRequest[] {
  requireFinite('from', opts.from);
  requireFinite('to', opts.to, opts.from);
  requireInt('limit', opts.limit, 1);
  const surface = opts.surface ?? 'all';
  if (surface !== 'related' && surface !== 'home' && surface !== 'all')
    throw new PinlabInputError('surface', `must be 'related', 'home' or 'all', got ${String(surface)}`);
  const { sessions } = world;
  const picked: number[] = [];
  for (let s = 0; s < sessions.count; s++) {
    const t = sessions.start[s];
    if (t < opts.from || t >= opts.to) continue;
    const related = sessions.contextItem[s] >= 0;
    if ((surface === 'related' && !related) || (surface === 'home' && related)) continue;
    picked.push(s);
  }
  const chosen = opts.rng
    .shuffle(picked)
    .slice(0, opts.limit)
    .sort((a, b) => a - b);
  return chosen.map((s) => ({ user: sessions.user[s], time: sessions.start[s], contextItem: sessions.contextItem[s] }));
}
