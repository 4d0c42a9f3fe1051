import { PinlabInputError, requireFinite } from '../errors';
import type { World } from '../data/world/world';

/** Node kinds of the heterogeneous graph. Ads are items with `is_ad`, kept as their own kind. */
export const NodeKind = { user: 0, item: 1, ad: 2, category: 3 } as const;
export type NodeKindCode = (typeof NodeKind)[keyof typeof NodeKind];
export const NODE_KIND_NAMES = ['user', 'item', 'ad', 'category'] as const;

/** Edge kinds: user–item/ad engagement, user–category interest, item/ad–category membership. */
export const EdgeKind = { engaged: 0, interest: 1, belongs: 2 } as const;
export type EdgeKindCode = (typeof EdgeKind)[keyof typeof EdgeKind];
export const EDGE_KIND_NAMES = ['engaged', 'interest', 'belongs'] as const;

/**
 * One global id space for every node: users [0, U), items (organic and ads) [U, U + I) in item
 * order, categories [U + I, U + I + C). `kind[id]` is a NodeKind code.
 */
export interface NodeIndex {
  count: number;
  users: number;
  items: number;
  categories: number;
  itemOffset: number;
  categoryOffset: number;
  kind: Uint8Array;
}

export function nodeIndex(world: World): NodeIndex {
  const U = world.users.count;
  const I = world.items.count;
  const C = world.categories.length;
  const kind = new Uint8Array(U + I + C);
  for (let i = 0; i < I; i++) kind[U + i] = world.items.isAd[i] ? NodeKind.ad : NodeKind.item;
  kind.fill(NodeKind.category, U + I);
  return { count: U + I + C, users: U, items: I, categories: C, itemOffset: U, categoryOffset: U + I, kind };
}

/**
 * Undirected, deduplicated edges as parallel typed arrays (one entry per node pair; `src` is the
 * user for engaged/interest edges and the item for belongs edges). Engagement-derived weights are
 *   w = Σ_k v(k) · 2^(−(refTime − t_k) / halfLife),
 * summed over the pair's engagements k before `until` (v = click, save, or click + conversion value),
 * so repeated engagement grows an edge and age decays it. Belongs edges have weight 1 and time 0.
 */
export interface EdgeList {
  nodes: NodeIndex;
  count: number;
  src: Uint32Array;
  dst: Uint32Array;
  kind: Uint8Array;
  weight: Float32Array;
  /** Number of engagements behind the edge (0 for belongs). */
  engagements: Uint32Array;
  firstTime: Float64Array;
  lastTime: Float64Array;
  /** Only engagements with time < until were used; weights are measured at refTime. */
  until: number;
  refTime: number;
}

export interface EdgeOptions {
  /** Use engagements with time in [from, until) (seconds). Default: the whole window. */
  from?: number;
  until?: number;
  /** Time at which decay is measured (default `until`). */
  refTime?: number;
  /** Half-life of an engagement's contribution, in days (default 14). */
  halfLifeDays?: number;
  /** Engagement values (defaults: click 1, save 2, conversion 3 on top of its click). */
  clickValue?: number;
  saveValue?: number;
  conversionValue?: number;
  /** Include user–category interest edges (default true) and item–category belongs edges (default true). */
  interest?: boolean;
  belongs?: boolean;
}

/**
 * Aggregates the world's engagements into an EdgeList in one pass over the interaction columns
 * (sorted by user), with a reusable item → edge slot table instead of a Map of objects: O(rows + I).
 */
export function buildEdges(world: World, options: EdgeOptions = {}): EdgeList {
  const from = options.from ?? 0;
  const until = options.until ?? world.horizon;
  const refTime = options.refTime ?? until;
  const halfLife = (options.halfLifeDays ?? 14) * 86_400;
  const values = [0, options.clickValue ?? 1, options.saveValue ?? 2];
  const conversionValue = options.conversionValue ?? 3;
  requireFinite('from', from);
  requireFinite('until', until);
  requireFinite('refTime', refTime);
  if (!(halfLife > 0)) throw new PinlabInputError('halfLifeDays', `must be > 0, got ${options.halfLifeDays}`);
  if (until < from) throw new PinlabInputError('until', `must be >= from (${from}), got ${until}`);
  requireFinite('clickValue', values[1], 0);
  requireFinite('saveValue', values[2], 0);
  requireFinite('conversionValue', conversionValue, 0);

  const nodes = nodeIndex(world);
  const { interactions: x, items } = world;
  const U = nodes.users;
  const C = nodes.categories;
  let engagedRows = 0;
  for (let r = 0; r < x.count; r++) if (x.outcome[r] !== 0 && x.time[r] >= from && x.time[r] < until) engagedRows++;
  const withInterest = options.interest ?? true;
  const withBelongs = options.belongs ?? true;
  const capEngaged = engagedRows;
  const capInterest = withInterest ? Math.min(engagedRows, U * C) : 0;
  const capacity = capEngaged + capInterest + (withBelongs ? items.count : 0);

  const src = new Uint32Array(capacity);
  const dst = new Uint32Array(capacity);
  const kind = new Uint8Array(capacity);
  const weight = new Float64Array(capacity);
  const engagements = new Uint32Array(capacity);
  const firstTime = new Float64Array(capacity);
  const lastTime = new Float64Array(capacity);
  const itemSlot = new Int32Array(items.count).fill(-1);
  const catSlot = new Int32Array(C).fill(-1);
  const touched = new Uint32Array(Math.max(1, items.count));
  let nEngaged = 0;
  let nInterest = 0;

  const add = (e: number, s: number, d: number, k: number, t: number): void => {
    src[e] = s;
    dst[e] = d;
    kind[e] = k;
    firstTime[e] = t;
  };
  for (let u = 0, r = 0; u < U; u++) {
    let nTouched = 0;
    const interestStart = nInterest;
    for (; r < x.count && x.user[r] === u; r++) {
      const o = x.outcome[r];
      const t = x.time[r];
      if (o === 0 || t < from || t >= until) continue;
      const i = x.item[r];
      const v = (values[o] + (x.converted[r] ? conversionValue : 0)) * Math.pow(2, -(refTime - t) / halfLife);
      let e = itemSlot[i];
      if (e < 0) {
        e = itemSlot[i] = nEngaged++;
        touched[nTouched++] = i;
        add(e, u, U + i, 0, t);
      }
      weight[e] += v;
      engagements[e]++;
      lastTime[e] = t;
      if (!withInterest) continue;
      const c = items.category[i];
      let f = catSlot[c];
      if (f < 0) {
        f = catSlot[c] = capEngaged + nInterest++;
        add(f, u, nodes.categoryOffset + c, 1, t);
      }
      weight[f] += v;
      engagements[f]++;
      lastTime[f] = t;
    }
    for (let k = 0; k < nTouched; k++) itemSlot[touched[k]] = -1;
    for (let e = capEngaged + interestStart; e < capEngaged + nInterest; e++)
      catSlot[dst[e] - nodes.categoryOffset] = -1;
  }
  // Compact: engaged edges, then interest edges, then belongs edges.
  const count = nEngaged + nInterest + (withBelongs ? items.count : 0);
  const move = <T extends Uint32Array | Uint8Array | Float64Array>(a: T): T => {
    a.copyWithin(nEngaged, capEngaged, capEngaged + nInterest);
    return a.slice(0, count) as T;
  };
  const out: EdgeList = {
    nodes,
    count,
    src: move(src),
    dst: move(dst),
    kind: move(kind),
    weight: Float32Array.from(move(weight)),
    engagements: move(engagements),
    firstTime: move(firstTime),
    lastTime: move(lastTime),
    until,
    refTime,
  };
  if (withBelongs) {
    for (let i = 0, e = nEngaged + nInterest; i < items.count; i++, e++) {
      out.src[e] = U + i;
      out.dst[e] = nodes.categoryOffset + items.category[i];
      out.kind[e] = 2;
      out.weight[e] = 1;
      out.engagements[e] = 0;
      out.firstTime[e] = out.lastTime[e] = 0;
    }
  }
  return out;
}
