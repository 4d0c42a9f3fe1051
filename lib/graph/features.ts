import type { World } from '../data/world/world';
import { PinlabInputError } from '../errors';
import type { EdgeList, NodeIndex } from './edges';
import { NodeKind } from './edges';

/**
 * Observable node features for GNNs, row-major (nodeCount × dim) — never latent state:
 * node-kind one-hot (4) | age-group one-hot (users) | category one-hot (items, ads, categories;
 * main interest is NOT included for users because it is latent) | log1p(degree in `edges`) |
 * log(bid) and log(conversion value) for ads (0 otherwise). Pass the training graph's edges so
 * the degree feature carries no future information.
 */
export interface NodeFeatures {
  dim: number;
  names: string[];
  values: Float32Array;
}

export function nodeFeatures(world: World, edges: EdgeList): NodeFeatures {
  const { nodes } = edges;
  const A = world.ageGroups.length;
  const C = nodes.categories;
  const names = [
    'kind=user',
    'kind=item',
    'kind=ad',
    'kind=category',
    ...world.ageGroups.map((g) => `age=${g}`),
    ...world.categories.map((c) => `category=${c}`),
    'log1p_degree',
    'log_bid',
    'log_conv_value',
  ];
  const dim = names.length;
  const ageAt = 4;
  const catAt = ageAt + A;
  const degAt = catAt + C;
  const values = new Float32Array(nodes.count * dim);
  const degree = new Uint32Array(nodes.count);
  for (let e = 0; e < edges.count; e++) {
    degree[edges.src[e]]++;
    degree[edges.dst[e]]++;
  }
  for (let v = 0; v < nodes.count; v++) {
    const row = v * dim;
    const k = nodes.kind[v];
    values[row + k] = 1;
    values[row + degAt] = Math.log1p(degree[v]);
    if (k === NodeKind.user) values[row + ageAt + world.users.ageGroup[v]] = 1;
    else if (k === NodeKind.category) values[row + catAt + (v - nodes.categoryOffset)] = 1;
    else {
      const i = v - nodes.itemOffset;
      values[row + catAt + world.items.category[i]] = 1;
      const a = world.items.adIndex[i];
      if (a >= 0) {
        values[row + degAt + 1] = Math.log(world.ads.bid[a]);
        values[row + degAt + 2] = Math.log(world.ads.convValue[a]);
      }
    }
  }
  return { dim, names, values };
}

/**
 * Observable exposure features from the impression log before time `before` (seconds), engaged or
 * not: per user, the share of their impressions in each category (C columns); per item, log(1 +
 * its impressions) (1 column). The feed fills a user's slots mostly from their interests, so the
 * mix estimates them from every impression, about 3× as many events as engagements: on notebook
 * 04's validation pairs the world's own formula with interests estimated from impressions scores
 * AUC 0.915, from engagements alone 0.906 (docs/notebook-04-experiments.md).
 */
export function impressionFeatures(world: World, nodes: NodeIndex, before: number): NodeFeatures {
  const C = nodes.categories;
  const names = [...world.categories.map((c) => `impression_share=${c}`), 'log1p_impressions'];
  const dim = names.length;
  const values = new Float32Array(nodes.count * dim);
  const shown = new Uint32Array(nodes.count);
  const log = world.interactions;
  for (let k = 0; k < log.count; k++) {
    if (!(log.time[k] < before)) continue;
    const u = log.user[k];
    const item = log.item[k];
    values[u * dim + world.items.category[item]]++;
    shown[u]++;
    shown[nodes.itemOffset + item]++;
  }
  for (let v = 0; v < nodes.count; v++) {
    if (v < nodes.users && shown[v] > 0) for (let c = 0; c < C; c++) values[v * dim + c] /= shown[v];
    if (nodes.kind[v] === NodeKind.item || nodes.kind[v] === NodeKind.ad) values[v * dim + C] = Math.log1p(shown[v]);
  }
  return { dim, names, values };
}

/** The columns of `a`, then those of `b`, per node (both over the same nodes). */
export function concatFeatures(a: NodeFeatures, b: NodeFeatures): NodeFeatures {
  const n = a.values.length / a.dim;
  if (b.values.length / b.dim !== n)
    throw new PinlabInputError('b', `has ${b.values.length / b.dim} nodes, a has ${n}`);
  const dim = a.dim + b.dim;
  const values = new Float32Array(n * dim);
  for (let v = 0; v < n; v++) {
    values.set(a.values.subarray(v * a.dim, (v + 1) * a.dim), v * dim);
    values.set(b.values.subarray(v * b.dim, (v + 1) * b.dim), v * dim + a.dim);
  }
  return { dim, names: [...a.names, ...b.names], values };
}
