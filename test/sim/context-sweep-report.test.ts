import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PinlabInputError } from '../../lib/errors';
import {
  contextSweepFigure,
  contextSweepFindings,
  contextSweepFrame,
  DEFAULT_CONTEXT_WORLD,
  describeContextWorld,
  type ClaimCheck,
  type ContextPointConfig,
  type ContextSweep,
  type ContextSweepPoint,
  type ContextWorld,
} from '../../lib/sim';

const ALL = ['recall', 'relevance', 'impressions', 'impression_share', 'roas'] as const;

/** A hand-made point: Recall@10 lift `lift` (interval ± 0.1), the blind share, and which claims reproduce. */
function point(
  world: Partial<ContextWorld>,
  lift: number,
  share: number,
  reproduces: readonly string[] = [],
): ContextSweepPoint {
  return {
    world: { ...DEFAULT_CONTEXT_WORLD, ...world },
    ks: [10, 50],
    recallBlind: [0.2, 0.4],
    recallContextual: [0.2 * lift, 0.5],
    recallLifts: [
      { estimate: lift, lower: lift - 0.1, upper: lift + 0.1 },
      { estimate: 1.25, lower: 1.1, upper: 1.4 },
    ],
    relevanceLift: 0.1,
    impressionsControl: 400,
    impressionsTreatment: 500,
    impressionShareBlind: share,
    impressionShareContextual: share,
    roasLift: { estimate: 0.01, lower: -0.01, upper: 0.03 },
    expectedRoasLift: { estimate: 0.005, lower: 0.001, upper: 0.009 },
    claims: ALL.map(
      (id) =>
        ({
          id,
          claim: id,
          ours: '',
          verdict: reproduces.includes(id) ? 'reproduces' : 'does not reproduce',
        }) as ClaimCheck,
    ),
    steps: 10,
    seconds: 1,
    cache: { state: 'hit', file: 'x.json' },
  };
}

const FOUR = ['recall', 'impressions', 'impression_share', 'roas'];
const sweep: ContextSweep = {
  config: {} as ContextPointConfig,
  axes: { contextPull: [0, 4], drift: [1], relatedPinsShare: [] },
  points: [
    point({}, 1.1, 0.95),
    point({ contextPull: 4 }, 3.5, 0.005, FOUR),
    point({ contextPull: 0 }, 1.0, 0.97, ['impressions']),
    point({ drift: 1 }, 1.3, 0.9),
  ],
};

describe('context sweep report', () => {
  it('draws one axis ordered by value, with the lift interval, the blind share and stars where the claims hold', () => {
    const { traces, layout } = contextSweepFigure(sweep, 'contextPull');
    assert.deepEqual(traces[0].x, [0, 1, 4]);
    assert.deepEqual(traces[0].y, [1.0, 1.1, 3.5]);
    const err = traces[0].error_y as { array: number[]; arrayminus: number[] };
    err.array.forEach((e) => assert.ok(Math.abs(e - 0.1) < 1e-12));
    assert.deepEqual(traces[1].y, [0.97, 0.95, 0.005]);
    assert.equal(traces[1].yaxis, 'y2');
    assert.deepEqual([traces[2].x, traces[2].y, traces[2].name], [[4], [3.5], 'all four claims hold (1 of 3)']);
    const shapes = layout.shapes as { y0: number; y1: number; x0: number }[];
    assert.deepEqual([shapes[0].y0, shapes[0].y1], [3, 10], 'the claimed lift band');
    assert.equal(shapes[1].y0, 0.01, 'the claimed share before');
    assert.equal(shapes[2].x0, 1, "this world's value");
    const y = layout.yaxis as { type: string; range: number[] };
    assert.equal(y.type, 'log');
    assert.ok(
      y.range[0] <= Math.log10(0.9) && y.range[1] >= Math.log10(10),
      `range ${y.range} holds every interval and the band`,
    );
    assert.deepEqual(contextSweepFigure(sweep, 'drift').traces[0].x, [0.5, 1]);
    assert.throws(
      () => contextSweepFigure(sweep, 'drift', 20),
      (e: unknown) => e instanceof PinlabInputError && e.field === 'k',
    );
  });

  it('tabulates every point with the impression ratio derived by danfojs', () => {
    const df = contextSweepFrame(sweep);
    assert.equal(df.shape[0], 4);
    assert.deepEqual(df.column('context pull').values, [1, 4, 0, 1]);
    assert.deepEqual(df.column('impressions after / before').values, [1.25, 1.25, 1.25, 1.25]);
    assert.deepEqual(df.column('all four hold').values, [false, true, false, false]);
    assert.deepEqual(df.column('claims reproduced').values, [0, 4, 1, 0]);
    assert.deepEqual(df.column('lift 95% CI').values[1], '3.40–3.60');
  });

  it('finds the best point, where the claims hold and how many points reproduce each', () => {
    const f = contextSweepFindings(sweep);
    assert.equal(f.points, 4);
    assert.deepEqual(f.best.world, { ...DEFAULT_CONTEXT_WORLD, contextPull: 4 });
    assert.equal(f.best.lift.estimate, 3.5);
    assert.deepEqual(f.holding, [{ ...DEFAULT_CONTEXT_WORLD, contextPull: 4 }]);
    assert.deepEqual(f.reproducing, { recall: 1, relevance: 0, impressions: 2, impression_share: 1, roas: 1 });
    assert.deepEqual(f.shareRange, [0.005, 0.97]);
    const pull = f.axes.find((a) => a.axis === 'contextPull')!;
    assert.deepEqual(pull.values, [0, 1, 4]);
    assert.deepEqual(
      pull.lifts.map((l) => l.estimate),
      [1.0, 1.1, 3.5],
    );
    assert.deepEqual(
      f.axes.find((a) => a.axis === 'relatedPinsShare')!.values,
      [0.7],
      'an unswept axis has the default point only',
    );
    assert.equal(describeContextWorld(f.best.world), "subject pin's pull on engagement ×4");
    assert.equal(
      describeContextWorld({ ...DEFAULT_CONTEXT_WORLD, drift: 1, relatedPinsShare: 0.3 }),
      'interest drift over the window 1, share of Related Pins sessions 30 %',
    );
    assert.equal(describeContextWorld(DEFAULT_CONTEXT_WORLD), 'the default world');
  });
});
