import { PinlabInputError, requireInt } from '../errors';
import type { World } from '../data/world/world';
import type { Csr } from './csr';
import { NODE_KIND_NAMES, type NodeIndex } from './edges';
import { entropyBits, gini } from '../stats/inequality';
import { spearman } from '../stats/rank-correlation';
import { mean, median } from '../stats/summary';

export interface DegreeSummary {
  kind: (typeof NODE_KIND_NAMES)[number];
  nodes: number;
  mean: number;
  median: number;
  max: number;
  /** Log₂ bins: [0,1), [1,2), [2,4), [4,8), … with the count of nodes in each. */
  bins: { lo: number; hi: number; count: number }[];
}

/** Degree distribution of each node kind (distinct neighbours over all edge kinds). */
export function degreeSummaries(csr: Csr, nodes: NodeIndex): DegreeSummary[] {
  return NODE_KIND_NAMES.map((kind, k) => {
    const d: number[] = [];
    for (let v = 0; v < nodes.count; v++) if (nodes.kind[v] === k) d.push(csr.indptr[v + 1] - csr.indptr[v]);
    const sorted = Float64Array.from(d).sort();
    const max = sorted.length ? sorted[sorted.length - 1] : 0;
    const bins = [{ lo: 0, hi: 1, count: 0 }];
    for (let lo = 1; lo <= max; lo *= 2) bins.push({ lo, hi: lo * 2, count: 0 });
    for (const x of d) bins[x === 0 ? 0 : 1 + Math.floor(Math.log2(x))].count++;
    return {
      kind,
      nodes: d.length,
      mean: d.length ? mean(d) : 0,
      median: d.length ? median(d, { lower: true }) : 0,
      max,
      bins,
    };
  });
}

export interface InterestProfiles {
  categories: number;
  /** U × C engagement counts per category. */
  counts: Uint32Array;
  total: Uint32Array;
  entropy: Float64Array;
  gini: Float64Array;
}

/** Per-user engagement counts over categories in [from, to) and their entropy (bits) and Gini. */
export function interestProfiles(world: World, from = 0, to = world.horizon): InterestProfiles {
  const U = world.users.count;
  const C = world.categories.length;
  const counts = new Uint32Array(U * C);
  const total = new Uint32Array(U);
  const x = world.interactions;
  for (let r = 0; r < x.count; r++) {
    if (x.outcome[r] === 0 || x.time[r] < from || x.time[r] >= to) continue;
    counts[x.user[r] * C + world.items.category[x.item[r]]]++;
    total[x.user[r]]++;
  }
  const entropy = new Float64Array(U);
  const g = new Float64Array(U);
  for (let u = 0; u < U; u++) {
    entropy[u] = entropyBits(counts, u * C, C);
    g[u] = gini(counts, u * C, C);
  }
  return { categories: C, counts, total, entropy, gini: g };
}

export interface NicheGroup {
  /** Entropy range (bits) of the users in the group, by quantile of early entropy. */
  entropyLo: number;
  entropyHi: number;
  users: number;
  meanEntropy: number;
  /** Share of users who engage at least one category absent from their early engagements. */
  anyNewRate: number;
  anyNewSe: number;
  /** Mean share of later engagements in categories new to the user. */
  newShare: number;
  /** Mean share of later engagements in the user's early top category (niche deepening). */
  topShare: number;
}

export interface NicheDynamics {
  first: number;
  next: number;
  users: number;
  groups: NicheGroup[];
  /** Spearman correlation of early entropy with later new-category share (> 0: diverse users explore more). */
  spearmanNewShare: number;
  /** anyNewRate(most diverse group) − anyNewRate(most concentrated group), with its standard error. */
  anyNewGap: number;
  anyNewGapSe: number;
  /**
   * The blog post's claim, as notebook 03 tests it: diverse users touch a new category more often than
   * concentrated ones by more than two standard errors, and concentrated users keep a larger share in
   * their early top category.
   */
  claimHolds: boolean;
  perUser: {
    user: Uint32Array;
    entropy: Float64Array;
    newShare: Float64Array;
    topShare: Float64Array;
    anyNew: Uint8Array;
  };
}

/**
 * Measures whether concentrated users keep deepening their niche while diverse users more often
 * engage a new category. For every user with ≥ first + next engagements: the entropy of the
 * categories of their first `first` engagements, then over the `next` following engagements the
 * share in new categories, whether any is new, and the share in the early top category. Fixed
 * counts (not time windows) keep heavy users from looking more diverse merely by volume.
 */
export function nicheDynamics(
  world: World,
  options: { first?: number; next?: number; groups?: number } = {},
): NicheDynamics {
  const first = options.first ?? 10;
  const next = options.next ?? 10;
  const nGroups = options.groups ?? 5;
  requireInt('first', first, 1);
  requireInt('next', next, 1);
  requireInt('groups', nGroups, 1);
  const C = world.categories.length;
  const x = world.interactions;
  const counts = new Uint32Array(C);
  const users: number[] = [];
  const entropy: number[] = [];
  const newShare: number[] = [];
  const topShare: number[] = [];
  const anyNew: number[] = [];
  for (let u = 0, r = 0; u < world.users.count; u++) {
    counts.fill(0);
    let seen = 0;
    let fresh = 0;
    let top = -1;
    let inTop = 0;
    for (; r < x.count && x.user[r] === u; r++) {
      if (x.outcome[r] === 0 || seen >= first + next) continue;
      const c = world.items.category[x.item[r]];
      if (seen < first) counts[c]++;
      else {
        if (top < 0) for (let k = 0; k < C; k++) if (top < 0 || counts[k] > counts[top]) top = k;
        if (counts[c] === 0) fresh++;
        if (c === top) inTop++;
      }
      seen++;
    }
    if (seen < first + next) continue;
    users.push(u);
    entropy.push(entropyBits(counts, 0, C));
    newShare.push(fresh / next);
    topShare.push(inTop / next);
    anyNew.push(fresh > 0 ? 1 : 0);
  }
  const n = users.length;
  if (n < nGroups)
    throw new PinlabInputError(
      'groups',
      `only ${n} users have ${first + next} engagements, fewer than ${nGroups} groups`,
    );
  const H = Float64Array.from(entropy);
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => H[a] - H[b] || a - b);
  const groups: NicheGroup[] = [];
  for (let g = 0; g < nGroups; g++) {
    const lo = Math.floor((g * n) / nGroups);
    const hi = Math.floor(((g + 1) * n) / nGroups);
    let h = 0;
    let any = 0;
    let ns = 0;
    let ts = 0;
    for (let k = lo; k < hi; k++) {
      const i = order[k];
      h += H[i];
      any += anyNew[i];
      ns += newShare[i];
      ts += topShare[i];
    }
    const m = hi - lo;
    const rate = any / m;
    groups.push({
      entropyLo: H[order[lo]],
      entropyHi: H[order[hi - 1]],
      users: m,
      meanEntropy: h / m,
      anyNewRate: rate,
      anyNewSe: Math.sqrt((rate * (1 - rate)) / m),
      newShare: ns / m,
      topShare: ts / m,
    });
  }
  const lo = groups[0];
  const hi = groups[groups.length - 1];
  const anyNewGap = hi.anyNewRate - lo.anyNewRate;
  const anyNewGapSe = Math.sqrt(hi.anyNewSe ** 2 + lo.anyNewSe ** 2);
  return {
    first,
    next,
    users: n,
    groups,
    spearmanNewShare: spearman(H, Float64Array.from(newShare)),
    anyNewGap,
    anyNewGapSe,
    claimHolds: anyNewGap > 2 * anyNewGapSe && lo.topShare > hi.topShare,
    perUser: {
      user: Uint32Array.from(users),
      entropy: H,
      newShare: Float64Array.from(newShare),
      topShare: Float64Array.from(topShare),
      anyNew: Uint8Array.from(anyNew),
    },
  };
}
