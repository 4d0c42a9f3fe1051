import type { DataFrame } from 'danfojs-node';
import { PinlabInputError } from '../errors';
import { danfo } from '../data/world/frames';
import type { PlotLayout, PlotTrace } from '../notebook/plot';
import type { Lift } from './ab';
import { DEFAULT_CONTEXT_WORLD, type ContextWorld } from './context-point';
import {
  claimsHold,
  contextAxisSeries,
  CONTEXT_AXES,
  type ContextAxis,
  type ContextSweep,
  type ContextSweepPoint,
} from './context-sweep';

export const CONTEXT_AXIS_LABELS: Record<ContextAxis, string> = {
  contextPull: "subject pin's pull on engagement",
  drift: 'interest drift over the window',
  relatedPinsShare: 'share of Related Pins sessions',
};

/** An axis value as prose writes it: the pull as a multiple of this world's, the share in percent. */
export function formatContextValue(axis: ContextAxis, v: number): string {
  if (axis === 'contextPull') return `×${v}`;
  if (axis === 'relatedPinsShare') return `${Number((100 * v).toPrecision(6))} %`;
  return String(v);
}

/** The published range of the Recall@K lift and the sequential generator's largest share before (seed 003). */
export const CLAIMED_RECALL_LIFT = [3, 10] as const;
export const CLAIMED_SHARE_BEFORE = 0.01;

function liftAt(p: ContextSweepPoint, k: number): Lift {
  const i = p.ks.indexOf(k);
  if (i < 0) throw new PinlabInputError('k', `${k} was not evaluated (K = ${p.ks.join(', ')})`);
  return p.recallLifts[i];
}

/** A world in words: the axes that differ from the default, or "the default world". */
export function describeContextWorld(w: ContextWorld): string {
  const changed = CONTEXT_AXES.filter((a) => w[a] !== DEFAULT_CONTEXT_WORLD[a]);
  return changed.length === 0
    ? 'the default world'
    : changed.map((a) => `${CONTEXT_AXIS_LABELS[a]} ${formatContextValue(a, w[a])}`).join(', ');
}

/**
 * One axis of a sweep as a plotly figure: the Recall@K lift (contextual / context-blind) with its 95 %
 * interval, the context-blind generator's share of impressions in control (right axis), the claimed
 * lift range and share as shaded band and dotted line, this world's value as a vertical line, and
 * stars where all four claims hold (`claimsHold`).
 */
export function contextSweepFigure(
  sweep: ContextSweep,
  axis: ContextAxis,
  k = 10,
): { traces: PlotTrace[]; layout: PlotLayout } {
  const series = contextAxisSeries(sweep, axis);
  const x = series.map((p) => p.world[axis]);
  const lifts = series.map((p) => liftAt(p, k));
  const holding = series.filter(claimsHold);
  const traces: PlotTrace[] = [
    {
      type: 'scatter',
      mode: 'lines+markers',
      name: `Recall@${k} lift (95% CI)`,
      x,
      y: lifts.map((l) => l.estimate),
      error_y: {
        type: 'data',
        symmetric: false,
        array: lifts.map((l) => l.upper - l.estimate),
        arrayminus: lifts.map((l) => l.estimate - l.lower),
      },
    },
    {
      type: 'scatter',
      mode: 'lines+markers',
      name: 'context-blind share of impressions',
      x,
      y: series.map((p) => p.impressionShareBlind),
      yaxis: 'y2',
      line: { dash: 'dash' },
    },
    {
      type: 'scatter',
      mode: 'markers',
      name: `all four claims hold (${holding.length} of ${series.length})`,
      x: holding.map((p) => p.world[axis]),
      y: holding.map((p) => liftAt(p, k).estimate),
      marker: { symbol: 'star', size: 16, color: 'gold' },
    },
  ];
  const [lo, hi] = CLAIMED_RECALL_LIFT;
  // A log axis from below the lowest interval to above the claimed band: a lift of 1.1 and the claimed 3–10× both show.
  const bottom = Math.min(0.8, ...lifts.map((l) => 0.9 * l.lower));
  const top = Math.max(1.2 * hi, ...lifts.map((l) => 1.1 * l.upper));
  const layout: PlotLayout = {
    title: `Context's worth against the ${CONTEXT_AXIS_LABELS[axis]}: all four claims hold at ${holding.length} of ${series.length} points`,
    xaxis: {
      title: axis === 'contextPull' ? `${CONTEXT_AXIS_LABELS[axis]} (× this world's)` : CONTEXT_AXIS_LABELS[axis],
    },
    yaxis: { title: `Recall@${k} lift (log)`, type: 'log', range: [Math.log10(bottom), Math.log10(top)] },
    yaxis2: { title: 'context-blind share', overlaying: 'y', side: 'right', range: [0, 1], tickformat: '.0%' },
    legend: { orientation: 'h', x: 0, y: -0.25 },
    margin: { r: 80 }, // room for the share axis's labels and title
    shapes: [
      {
        type: 'rect',
        xref: 'paper',
        x0: 0,
        x1: 1,
        yref: 'y',
        y0: lo,
        y1: hi,
        fillcolor: 'rgba(0,160,0,0.08)',
        line: { width: 0 },
      },
      {
        type: 'line',
        xref: 'paper',
        x0: 0,
        x1: 1,
        yref: 'y2',
        y0: CLAIMED_SHARE_BEFORE,
        y1: CLAIMED_SHARE_BEFORE,
        line: { dash: 'dot', color: 'gray' },
      },
      {
        type: 'line',
        x0: DEFAULT_CONTEXT_WORLD[axis],
        x1: DEFAULT_CONTEXT_WORLD[axis],
        yref: 'paper',
        y0: 0,
        y1: 1,
        line: { dash: 'dot', color: 'black' },
      },
    ],
    annotations: [
      {
        xref: 'paper',
        x: 0,
        yref: 'y',
        y: Math.log10(hi), // annotations on a log axis take log10 (shapes take data values)
        text: `claimed ${lo}–${hi}×`,
        showarrow: false,
        xanchor: 'left',
        yanchor: 'top',
      },
      { x: DEFAULT_CONTEXT_WORLD[axis], yref: 'paper', y: 1, text: 'this world', showarrow: false, yanchor: 'bottom' },
    ],
    height: 420,
  };
  return { traces, layout };
}

/** One row per sweep point: the world, retrieval at K, the funnel's shares and ROAS, and the claims' verdicts. */
export function contextSweepFrame(sweep: ContextSweep, k = 10): DataFrame {
  const df = new (danfo().DataFrame)(
    sweep.points.map((p) => {
      const l = liftAt(p, k);
      const i = p.ks.indexOf(k);
      return {
        'context pull': p.world.contextPull,
        drift: p.world.drift,
        'Related Pins share': p.world.relatedPinsShare,
        [`Recall@${k} blind`]: p.recallBlind[i],
        [`Recall@${k} contextual`]: p.recallContextual[i],
        [`lift @${k}`]: l.estimate,
        'lift 95% CI': `${l.lower.toFixed(2)}–${l.upper.toFixed(2)}`,
        'blind share (control)': p.impressionShareBlind,
        'impressions control': p.impressionsControl,
        'impressions treatment': p.impressionsTreatment,
        'expected ROAS lift': p.expectedRoasLift.estimate,
        'expected ROAS 95% CI': `${(100 * p.expectedRoasLift.lower).toFixed(1)}% to ${(100 * p.expectedRoasLift.upper).toFixed(1)}%`,
        'claims reproduced': p.claims.filter((c) => c.verdict === 'reproduces').length,
        'all four hold': claimsHold(p),
        cache: p.cache.state,
      };
    }),
  );
  // The sequential generator's impressions after / before (the claim: 2×), by danfojs column arithmetic.
  const ratio = df.column('impressions treatment').div(df.column('impressions control'));
  df.addColumn('impressions after / before', ratio, { inplace: true, atIndex: 10 });
  return df;
}

/** What a sweep found along one axis. */
export interface ContextAxisFinding {
  readonly axis: ContextAxis;
  readonly label: string;
  readonly values: number[];
  readonly lifts: Lift[];
  /** The context-blind generator's impression share in control at each value. */
  readonly shares: number[];
  readonly expectedRoas: Lift[];
}

export interface ContextSweepFindings {
  readonly k: number;
  readonly points: number;
  readonly axes: ContextAxisFinding[];
  /** The point with the largest Recall@K lift. */
  readonly best: { readonly world: ContextWorld; readonly lift: Lift };
  /** Worlds where all four claims hold. */
  readonly holding: ContextWorld[];
  /** How many points reproduce each claim on its own. */
  readonly reproducing: Record<string, number>;
  /** The context-blind generator's impression share, smallest and largest over the points. */
  readonly shareRange: [number, number];
}

/** The numbers the notebook's prose states about a sweep. */
export function contextSweepFindings(sweep: ContextSweep, k = 10): ContextSweepFindings {
  if (sweep.points.length === 0) throw new PinlabInputError('sweep.points', 'is empty');
  const axes = CONTEXT_AXES.map((axis) => {
    const series = contextAxisSeries(sweep, axis);
    return {
      axis,
      label: CONTEXT_AXIS_LABELS[axis],
      values: series.map((p) => p.world[axis]),
      lifts: series.map((p) => liftAt(p, k)),
      shares: series.map((p) => p.impressionShareBlind),
      expectedRoas: series.map((p) => p.expectedRoasLift),
    };
  });
  const best = sweep.points.reduce((a, b) => (liftAt(b, k).estimate > liftAt(a, k).estimate ? b : a));
  const reproducing: Record<string, number> = {};
  for (const p of sweep.points) {
    for (const c of p.claims) reproducing[c.id] = (reproducing[c.id] ?? 0) + (c.verdict === 'reproduces' ? 1 : 0);
  }
  const shares = sweep.points.map((p) => p.impressionShareBlind);
  return {
    k,
    points: sweep.points.length,
    axes,
    best: { world: best.world, lift: liftAt(best, k) },
    holding: sweep.points.filter(claimsHold).map((p) => p.world),
    reproducing,
    shareRange: [Math.min(...shares), Math.max(...shares)],
  };
}
