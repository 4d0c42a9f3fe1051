import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PinlabInputError } from '../../lib/errors';
import { DEFAULT_WORLD } from '../../lib/data/world/params';
import { chooseBackend } from '../../lib/tf/backend';
import {
  claimsHold,
  contextAxisSeries,
  contextPointCacheFile,
  contextSweepWorlds,
  contextWorldOptions,
  DEFAULT_CONTEXT_WORLD,
  runContextSweep,
  type ContextPointConfig,
} from '../../lib/sim';

// A 2 % world (100 ads), a narrow Transformer and one epoch: the smallest run that trains and serves both towers.
const CONFIG: ContextPointConfig = {
  seed: 5,
  scale: 0.02,
  trainFraction: 0.75,
  statsFraction: 0.4,
  epochs: 1,
  batch: 64,
  seqLength: 8,
  dModel: 8,
  heads: 1,
  layers: 1,
  contextDropout: 0.1,
  evalRequests: 80,
  funnelRequests: 60,
  candidates: 20,
  reserve: 0.1,
  bootstrap: 50,
  ks: [10, 50, 500],
};
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-context-sweep-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

describe('context sweep worlds', () => {
  it('maps the three axes onto the world parameters, 1 × pull = the default coefficients', () => {
    assert.deepEqual(
      contextWorldOptions({ contextPull: 2.5, drift: 0.9, relatedPinsShare: 0.25 }, { seed: 3, scale: 0.1 }),
      {
        seed: 3,
        scale: 0.1,
        wContext: 2.5 * DEFAULT_WORLD.wContext,
        wContextStyle: 2.5 * DEFAULT_WORLD.wContextStyle,
        drift: 0.9,
        homeFeedRate: 0.75,
      },
    );
    const d = contextWorldOptions(DEFAULT_CONTEXT_WORLD, { seed: 0, scale: 1 });
    assert.equal(d.wContext, DEFAULT_WORLD.wContext);
    assert.equal(d.homeFeedRate, DEFAULT_WORLD.homeFeedRate);
  });

  it('refuses values outside each axis range, naming the axis', () => {
    const bad = (w: object, field: string) =>
      assert.throws(
        () => contextWorldOptions({ ...DEFAULT_CONTEXT_WORLD, ...w }, CONFIG),
        (e: unknown) => e instanceof PinlabInputError && e.field === field,
      );
    bad({ contextPull: -1 }, 'contextPull');
    bad({ drift: 1.5 }, 'drift');
    bad({ relatedPinsShare: -0.1 }, 'relatedPinsShare');
    assert.throws(
      () => contextSweepWorlds({ contextPull: [1, NaN], drift: [], relatedPinsShare: [] }),
      (e: unknown) => e instanceof PinlabInputError && e.field === 'contextPull' && e.index === 1,
    );
  });

  it('varies one factor at a time around the default world, which comes first and once', () => {
    const worlds = contextSweepWorlds({ contextPull: [0, 1, 3], drift: [0.5, 1], relatedPinsShare: [1] });
    assert.deepEqual(worlds, [
      DEFAULT_CONTEXT_WORLD,
      { ...DEFAULT_CONTEXT_WORLD, contextPull: 0 },
      { ...DEFAULT_CONTEXT_WORLD, contextPull: 3 },
      { ...DEFAULT_CONTEXT_WORLD, drift: 1 },
      { ...DEFAULT_CONTEXT_WORLD, relatedPinsShare: 1 },
    ]);
  });

  it('keys the cache on every parameter: another seed or another world is another file', () => {
    const f = contextPointCacheFile(DEFAULT_CONTEXT_WORLD, CONFIG, root);
    assert.equal(path.dirname(f), path.join(root, 'context_sweep'));
    assert.equal(contextPointCacheFile({ ...DEFAULT_CONTEXT_WORLD }, { ...CONFIG }, root), f);
    assert.notEqual(contextPointCacheFile(DEFAULT_CONTEXT_WORLD, { ...CONFIG, seed: 6 }, root), f);
    assert.notEqual(contextPointCacheFile(DEFAULT_CONTEXT_WORLD, { ...CONFIG, ks: [10] }, root), f);
    assert.notEqual(contextPointCacheFile({ ...DEFAULT_CONTEXT_WORLD, drift: 0.2 }, CONFIG, root), f);
  });

  it('holds the claims only where all four reproduce', () => {
    const claims = (verdicts: string[]) =>
      ({
        claims: ['recall', 'impression_share', 'impressions', 'roas', 'relevance'].map((id, i) => ({
          id,
          claim: id,
          ours: '',
          verdict: verdicts[i],
        })),
      }) as Parameters<typeof claimsHold>[0];
    assert.equal(
      claimsHold(claims(['reproduces', 'reproduces', 'reproduces', 'reproduces', 'does not reproduce'])),
      true,
    );
    assert.equal(claimsHold(claims(['reproduces', 'reproduces', 'direction only', 'reproduces', 'reproduces'])), false);
  });
});

describe('runContextSweep on a tiny world', async () => {
  await chooseBackend();
  const axes = { contextPull: [0, 4], drift: [], relatedPinsShare: [] };
  const states: string[] = [];
  const first = await runContextSweep(axes, CONFIG, {
    root,
    onPoint: (done, total, p) => states.push(`${done}/${total} ${p.cache.state}`),
  });

  it('computes each point once, reporting progress, and reads the same results back from the cache', async () => {
    assert.deepEqual(states, ['1/3 built', '2/3 built', '3/3 built']);
    const again = await runContextSweep(axes, CONFIG, { root });
    assert.deepEqual(
      again.points.map((p) => p.cache.state),
      ['hit', 'hit', 'hit'],
    );
    const strip = ({ cache: _, ...r }: (typeof first.points)[number]) => r;
    assert.deepEqual(again.points.map(strip), first.points.map(strip));
  });

  it('measures what the notebook measures at each point: K within the ad count, lifts inside their intervals, shares in [0, 1]', () => {
    for (const p of first.points) {
      assert.deepEqual(p.ks, [10, 50], 'K = 500 exceeds the 100 ads and is dropped');
      assert.equal(p.steps > 0, true);
      p.recallLifts.forEach((l, i) => {
        assert.ok(l.lower <= l.estimate && l.estimate <= l.upper, JSON.stringify(l));
        assert.ok(Math.abs(l.estimate - p.recallContextual[i] / p.recallBlind[i]) < 1e-9);
      });
      assert.ok(p.impressionShareBlind > 0 && p.impressionShareBlind <= 1);
      assert.ok(
        p.expectedRoasLift.lower <= p.expectedRoasLift.estimate &&
          p.expectedRoasLift.estimate <= p.expectedRoasLift.upper,
      );
      assert.deepEqual(
        p.claims.map((c) => c.id),
        ['recall', 'relevance', 'impressions', 'impression_share', 'roas'],
      );
    }
  });

  it('gives context more worth where the subject pin pulls harder', () => {
    // A subject pin with 4× the default pull leaves the contextual tower more to learn than one with none.
    const [none, , strong] = contextAxisSeries(first, 'contextPull');
    assert.deepEqual([none.world.contextPull, strong.world.contextPull], [0, 4]);
    assert.ok(
      strong.recallLifts[0].estimate > none.recallLifts[0].estimate,
      `${strong.recallLifts[0].estimate} vs ${none.recallLifts[0].estimate}`,
    );
  });

  it('recomputes a damaged cache file and says why', async () => {
    fs.writeFileSync(first.points[1].cache.file, '{"key": "x"');
    const again = await runContextSweep(axes, CONFIG, { root });
    assert.equal(again.points[1].cache.state, 'rebuilt');
    assert.match(again.points[1].cache.reason ?? '', /unreadable/);
    assert.deepEqual(again.points[1].recallLifts, first.points[1].recallLifts, 'one seed reproduces the point');
  });

  it('lists an axis in order, with the others at their defaults', () => {
    assert.deepEqual(
      contextAxisSeries(first, 'contextPull').map((p) => p.world.contextPull),
      [0, 1, 4],
    );
    assert.deepEqual(
      contextAxisSeries(first, 'drift').map((p) => p.world),
      [DEFAULT_CONTEXT_WORLD],
    );
    assert.throws(() => contextAxisSeries(first, 'bogus' as 'drift'), PinlabInputError);
  });
});
