import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateWorld } from '../../lib/data/world/generate';
import { buildEdges } from '../../lib/graph/edges';
import { toCsr } from '../../lib/graph/csr';
import { degreeSummaries, interestProfiles, nicheDynamics } from '../../lib/graph/stats';
import { PinlabInputError } from '../../lib/errors';
import type { World } from '../../lib/data/world';

const world = generateWorld({ users: 1500, items: 4000, seed: 13, days: 40 });

test('degree summaries count every node once and bins cover the range', () => {
  const edges = buildEdges(world);
  const csr = toCsr(edges);
  const s = degreeSummaries(csr, edges.nodes);
  assert.deepEqual(
    s.map((d) => d.nodes),
    [world.users.count, world.items.count - world.ads.count, world.ads.count, world.categories.length],
  );
  for (const d of s) {
    assert.equal(
      d.bins.reduce((a, b) => a + b.count, 0),
      d.nodes,
    );
    assert.ok(d.max >= d.median && d.mean > 0);
  }
  // Every item has its category edge, so no item has degree 0; every category holds items.
  assert.equal(s[1].bins[0].count, 0);
  assert.equal(s[2].bins[0].count, 0);
  assert.ok(s[3].median > 100);
});

test('interest profiles count engagements per category', () => {
  const p = interestProfiles(world);
  let total = 0;
  for (let r = 0; r < world.interactions.count; r++) if (world.interactions.outcome[r]) total++;
  assert.equal(
    p.total.reduce((a, b) => a + b, 0),
    total,
  );
  for (let u = 0; u < 50; u++) {
    assert.ok(p.entropy[u] >= 0 && p.entropy[u] <= Math.log2(p.categories) + 1e-12);
    assert.ok(p.gini[u] >= 0 && p.gini[u] <= 1);
  }
});

test('niche dynamics: groups ordered by entropy, per-user shares consistent', () => {
  const d = nicheDynamics(world, { first: 8, next: 8, groups: 4 });
  assert.equal(d.groups.length, 4);
  assert.equal(
    d.groups.reduce((a, g) => a + g.users, 0),
    d.users,
  );
  for (let g = 1; g < 4; g++) assert.ok(d.groups[g].meanEntropy >= d.groups[g - 1].meanEntropy);
  for (let k = 0; k < d.users; k++) {
    assert.equal(d.perUser.anyNew[k], d.perUser.newShare[k] > 0 ? 1 : 0);
    assert.ok(d.perUser.newShare[k] + d.perUser.topShare[k] <= 1 + 1e-12);
  }
  // Concentrated users deepen their niche: the top-category share falls as early entropy rises.
  assert.ok(d.groups[0].topShare > d.groups[3].topShare);
  assert.throws(
    () => nicheDynamics(world, { first: 0 }),
    (e: unknown) => e instanceof PinlabInputError && e.field === 'first',
  );
  assert.throws(
    () => nicheDynamics(world, { first: 5000 }),
    (e: unknown) => e instanceof PinlabInputError && e.field === 'groups',
  );
});

/** Four users with four engagements each (categories listed per user), in a 3-category world. */
function nicheWorld(perUser: number[][]): World {
  const user: number[] = [];
  const item: number[] = [];
  perUser.forEach((cats, u) =>
    cats.forEach((c) => {
      user.push(u);
      item.push(c);
    }),
  );
  return {
    categories: ['a', 'b', 'c'],
    users: { count: perUser.length },
    items: { count: 3, category: Uint8Array.of(0, 1, 2) },
    interactions: {
      count: user.length,
      user: Uint32Array.from(user),
      item: Uint32Array.from(item),
      outcome: new Uint8Array(user.length).fill(1),
    },
  } as unknown as World;
}

test('niche claim: holds when diverse users alone touch new categories and concentrated ones keep their top category', () => {
  // Users 0–1 engage category 0 four times (entropy 0, no new category, top share 1); users 2–3 start
  // with 0 and 1 (entropy 1 bit), then engage 2 (new) and 0 (their top category: share 1/2).
  const holds = nicheDynamics(
    nicheWorld([
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 1, 2, 0],
      [0, 1, 2, 0],
    ]),
    { first: 2, next: 2, groups: 2 },
  );
  assert.equal(holds.groups[0].anyNewRate, 0);
  assert.equal(holds.groups[1].anyNewRate, 1);
  assert.equal(holds.groups[1].topShare, 0.5);
  assert.equal(holds.claimHolds, true);
  // The diverse users now stay within categories 0 and 1: no gap, so the claim fails.
  const fails = nicheDynamics(
    nicheWorld([
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 1, 1, 0],
      [0, 1, 1, 0],
    ]),
    { first: 2, next: 2, groups: 2 },
  );
  assert.equal(fails.anyNewGap, 0);
  assert.equal(fails.claimHolds, false);
  // A significant gap, but the concentrated fifth keeps less of its top category than the diverse one:
  // 3 of 8 concentrated users stay in category 0, 5 move to category 1 (new; rate 5/8, top share 3/8),
  // and all 8 diverse users move to category 2 then back to 0 (rate 1, top share 1/2).
  const stay = [0, 0, 0, 0],
    move = [0, 0, 1, 1],
    diverse = [0, 1, 2, 0];
  const shares = nicheDynamics(
    nicheWorld([stay, stay, stay, move, move, move, move, move, ...new Array(8).fill(diverse)]),
    { first: 2, next: 2, groups: 2 },
  );
  assert.ok(shares.anyNewGap > 2 * shares.anyNewGapSe, `gap ${shares.anyNewGap} ± ${shares.anyNewGapSe}`);
  assert.ok(shares.groups[0].topShare < shares.groups[1].topShare);
  assert.equal(shares.claimHolds, false);
});
