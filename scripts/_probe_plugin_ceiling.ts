// Diagnostic on the VALIDATION pairs only: the oracle's formula with each user's interests estimated
// from their own engagements before the cut (everything else exact): what finite history allows.
// `node --import tsx scripts/_probe_plugin_ceiling.ts [impressions]` (impressions: count every impression, engaged or not).
import { loadOrGenerateWorld, temporalLinkSplit, rocAuc } from '../lib/index';
import { WorldOracle } from '../lib/data/world/oracle';
const { world } = loadOrGenerateWorld({ seed: 42, scale: 1 });
const split = temporalLinkSplit(world, { seed: 42 });
const o = new WorldOracle(world);
const styleDot = (u: number, i: number): number => {
  let d = 0;
  for (let k = 0; k < o.D; k++) d += world.latent.userStyle[u * o.D + k] * world.latent.itemStyle[i * o.D + k];
  return d;
};
const C = o.C,
  P = world.params,
  it = world.interactions;
const counts = new Float64Array(world.users.count * C);
const total = new Float64Array(world.users.count);
let eng = 0;
for (let k = 0; k < it.count; k++) {
  if (it.time[k] >= split.trainEnd || (process.argv[2] !== 'impressions' && it.outcome[k] === 0)) continue;
  counts[it.user[k] * C + world.items.category[it.item[k]]]++;
  total[it.user[k]]++;
  eng++;
}
console.log('engagements before cut', eng, 'per user', (eng / world.users.count).toFixed(1), 'C', C);
const v = split.val;
for (const alpha of [1, 4, 16, 64]) {
  for (const style of [true, false]) {
    const s = Float64Array.from({ length: v.count }, (_, k) => {
      const u = v.user[k],
        i = v.item[k],
        c = world.items.category[i];
      const w = (counts[u * C + c] + alpha / C) / (total[u] + alpha);
      let l =
        P.wInterest * Math.log((P.interestFloor + C * w) / (P.interestFloor + 1)) +
        P.wPopularity * world.latent.popularity[i] +
        P.wAge * world.latent.ageAffinity[world.users.ageGroup[u] * C + c] +
        P.wAd * world.items.isAd[i];
      if (style) l += P.wStyle * styleDot(u, i);
      return l;
    });
    console.log(`alpha ${alpha} style ${style}: val AUC ${rocAuc(s, v.label).toFixed(4)}`);
  }
}
