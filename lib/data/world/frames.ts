import type { DataFrame } from 'danfojs-node';
import { PinlabInputError, requireInt } from '../../errors';
import type { World } from './world';

export type WorldTableName = 'users' | 'items' | 'ads' | 'sessions' | 'interactions';

const DAY = 86_400;
const OUTCOMES = ['impression', 'click', 'save'];

/**
 * Readable columns of rows [offset, offset + rows) of one world table: category and age names
 * instead of codes, times in days. Latent state is not included (models never see it).
 */
export function worldRecords(
  world: World,
  name: WorldTableName,
  rows = 10,
  offset = 0,
): Record<string, (string | number | boolean)[]> {
  requireInt('rows', rows, 0);
  requireInt('offset', offset, 0);
  const cat = (c: number): string => (c < 0 ? '' : world.categories[c]);
  const pick = <T>(n: number, f: (r: number) => T): T[] => {
    const out: T[] = [];
    for (let r = offset; r < Math.min(n, offset + rows); r++) out.push(f(r));
    return out;
  };
  const { users: u, items: i, ads: a, sessions: s, interactions: x } = world;
  switch (name) {
    case 'users':
      return {
        user_id: pick(u.count, (r) => r),
        age_group: pick(u.count, (r) => world.ageGroups[u.ageGroup[r]]),
        main_interest: pick(u.count, (r) => cat(u.mainInterest[r])),
        secondary_interest: pick(u.count, (r) => cat(u.secondaryInterest[r])),
        sessions: pick(u.count, (r) => world.sessionOffsets[r + 1] - world.sessionOffsets[r]),
      };
    case 'items':
      return {
        item_id: pick(i.count, (r) => r),
        category: pick(i.count, (r) => cat(i.category[r])),
        is_ad: pick(i.count, (r) => i.isAd[r] === 1),
        ad_id: pick(i.count, (r) => i.adIndex[r]),
      };
    case 'ads':
      return {
        ad_id: pick(a.count, (r) => r),
        item_id: pick(a.count, (r) => a.item[r]),
        category: pick(a.count, (r) => cat(i.category[a.item[r]])),
        advertiser: pick(a.count, (r) => a.advertiser[r]),
        bid_usd: pick(a.count, (r) => Math.round(a.bid[r] * 100) / 100),
        conversion_value_usd: pick(a.count, (r) => Math.round(a.convValue[r] * 100) / 100),
      };
    case 'sessions':
      return {
        session_id: pick(s.count, (r) => r),
        user_id: pick(s.count, (r) => s.user[r]),
        start_day: pick(s.count, (r) => Math.round((s.start[r] / DAY) * 1000) / 1000),
        context_item: pick(s.count, (r) => s.contextItem[r]),
        context_category: pick(s.count, (r) => cat(s.contextCategory[r])),
        slots: pick(s.count, (r) => s.rowOffsets[r + 1] - s.rowOffsets[r]),
      };
    case 'interactions':
      return {
        user_id: pick(x.count, (r) => x.user[r]),
        session_id: pick(x.count, (r) => x.session[r]),
        item_id: pick(x.count, (r) => x.item[r]),
        category: pick(x.count, (r) => cat(i.category[x.item[r]])),
        is_ad: pick(x.count, (r) => i.isAd[x.item[r]] === 1),
        day: pick(x.count, (r) => Math.round((x.time[r] / DAY) * 1000) / 1000),
        outcome: pick(x.count, (r) => OUTCOMES[x.outcome[r]]),
        converted: pick(x.count, (r) => x.converted[r] === 1),
        p_engage: pick(x.count, (r) => Math.round(x.pEngage[r] * 1e4) / 1e4),
        p_convert: pick(x.count, (r) => Math.round(x.pConvert[r] * 1e4) / 1e4),
      };
    default:
      throw new PinlabInputError('name', `unknown world table '${String(name)}'`);
  }
}

/** danfojs, loaded on first use (it takes ~1 s), so importing pinlab stays fast. */
export function danfo(): typeof import('danfojs-node') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('danfojs-node') as typeof import('danfojs-node');
}

/** A danfojs DataFrame of rows [offset, offset + rows) of a world table. */
export function worldFrame(world: World, name: WorldTableName, rows = 10, offset = 0): DataFrame {
  return new (danfo().DataFrame)(worldRecords(world, name, rows, offset));
}
