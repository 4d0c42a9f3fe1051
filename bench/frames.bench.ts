// danfojs against pinlab's own passes over the world's interaction table, the size at which the
// library keeps its own code (lib/data/world-summary.ts): per-category impressions, engagements,
// ad clicks and conversions, computed once by danfojs (frame build, then one group-by) and once by
// categoryEngagement, in the same run. CPU seconds (process.cpuUsage): the machine is shared.
// Run: npm run bench -- frames   (BENCH_USERS=N sets the world's users; 10 000 is the reference world).
import { generateWorld } from '../lib/data/world/generate';
import { danfo } from '../lib/data/world/frames';
import { categoryEngagement } from '../lib/data/world/world-summary';
import { cpuSeconds } from './support/timing';

const users = Number(process.env.BENCH_USERS ?? 2000);
const world = generateWorld({ users, items: users * 5, seed: 1 });
const x = world.interactions;
const dfd = danfo();
const seconds: Record<'danfo' | 'own', number[]> = { danfo: [], own: [] };
for (let rep = 0; rep < 3; rep++) {
  seconds.own.push(cpuSeconds(() => categoryEngagement(world)).seconds);
  seconds.danfo.push(
    cpuSeconds(() => {
      const frame = new dfd.DataFrame({
        category: Array.from(x.item, (i) => world.categories[world.items.category[i]]),
        engaged: Array.from(x.outcome, (o) => (o === 0 ? 0 : 1)),
        ad_click: Array.from(x.item, (i, r) => (world.items.isAd[i] === 1 && x.outcome[r] === 1 ? 1 : 0)),
        converted: Array.from(x.converted),
      });
      return frame.groupby(['category']).agg({ engaged: ['count', 'sum'], ad_click: 'sum', converted: 'sum' });
    }).seconds,
  );
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const span = (v: number[]) => `${Math.min(...v).toFixed(3)}–${Math.max(...v).toFixed(3)}`;
console.log(`world: ${users} users, ${x.count.toLocaleString('en-US')} impressions`);
console.log(`own pass (categoryEngagement): median ${median(seconds.own).toFixed(3)} s (${span(seconds.own)})`);
console.log(`danfojs build + group-by:      median ${median(seconds.danfo).toFixed(3)} s (${span(seconds.danfo)})`);
console.log(`ratio danfojs/own: ${(median(seconds.danfo) / median(seconds.own)).toFixed(0)}`);
