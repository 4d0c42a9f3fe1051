import type { World } from '../data/world/world';
import type { EdgeList } from './edges';
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
