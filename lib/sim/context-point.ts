import { requireFinite, requireInt, PinlabInputError } from '../errors';
import { loadOrGenerateWorld } from '../data/world/cache';
import { sampleEngagedRequests } from '../data/world/bayes';
import { Pool } from '../data/world/oracle';
import { DEFAULT_WORLD, type WorldOptions } from '../data/world/params';
import { trainRanker } from '../models/ranking/ranker';
import { Rng } from '../random/rng';
import { runFunnelAB, type Lift } from './ab';
import { PopularityGenerator } from './popularity';
import { contextualClaims, type ClaimCheck } from './reference-claims';
import { sampleAdRequests } from './requests';
import { evaluateRetrieval, recallLift } from './retrieval-eval';
import type { EncoderVariantName } from '../nn/transformer-encoder';
import { buildTwoTowerGenerator } from './two-tower-generator';

/**
 * The three world parameters that decide what real-time context is worth:
 * - `contextPull`: a multiplier on the subject pin's two engagement coefficients (`wContext`, `wContextStyle`;
 *   1 = the world's defaults, 0 = the subject pin does not change what is engaged);
 * - `drift`: how far a user's interests move from their history over the window (the world's `drift`);
 * - `relatedPinsShare`: the share of sessions with a subject pin (1 − the world's `homeFeedRate`).
 */
export interface ContextWorld {
  readonly contextPull: number;
  readonly drift: number;
  readonly relatedPinsShare: number;
}

export const DEFAULT_CONTEXT_WORLD: ContextWorld = {
  contextPull: 1,
  drift: DEFAULT_WORLD.drift,
  relatedPinsShare: 1 - DEFAULT_WORLD.homeFeedRate,
};

/** Everything of notebook 05's pipeline a sweep point runs, at the sizes a sweep can afford. */
export interface ContextPointConfig {
  readonly seed: number;
  /** World size (see `WorldParams.scale`). */
  readonly scale: number;
  /** Models learn from the first `trainFraction` of the window; requests come from the rest. */
  readonly trainFraction: number;
  /** The ranker's ad-CTR statistics come from before this share of the window. */
  readonly statsFraction: number;
  readonly epochs: number;
  readonly batch: number;
  readonly seqLength: number;
  readonly dModel: number;
  readonly heads: number;
  readonly layers: number;
  /** The history encoder's variant (`TwoTowerOptions.encoder`; default 'pre-ln'). */
  readonly encoder?: EncoderVariantName | string;
  readonly contextDropout: number;
  readonly evalRequests: number;
  readonly funnelRequests: number;
  /** Candidates per generator in the funnel. */
  readonly candidates: number;
  readonly reserve: number;
  readonly bootstrap: number;
  /** Recall@K cut-offs (those above the world's ad count are dropped). */
  readonly ks: readonly number[];
}

/** One world's answer: what context adds to retrieval, and what that does in the funnel. */
export interface ContextPointResult {
  readonly world: ContextWorld;
  readonly ks: number[];
  readonly recallBlind: number[];
  readonly recallContextual: number[];
  /** Recall@K lift contextual / context-blind at each of `ks`, with paired bootstrap intervals. */
  readonly recallLifts: Lift[];
  readonly relevanceLift: number;
  /** The sequential generator's impressions and impression shares in control (context-blind) and treatment. */
  readonly impressionsControl: number;
  readonly impressionsTreatment: number;
  readonly impressionShareBlind: number;
  readonly impressionShareContextual: number;
  readonly roasLift: Lift;
  readonly expectedRoasLift: Lift;
  readonly claims: ClaimCheck[];
  /** Training steps per tower (the same for both: same examples, batch and epochs). */
  readonly steps: number;
  readonly seconds: number;
}

/** The world options a sweep point stands for. */
export function contextWorldOptions(w: ContextWorld, c: Pick<ContextPointConfig, 'seed' | 'scale'>): WorldOptions {
  requireFinite('contextPull', w.contextPull, 0);
  for (const key of ['drift', 'relatedPinsShare'] as const) {
    if (!(w[key] >= 0 && w[key] <= 1)) throw new PinlabInputError(key, `must be in [0, 1], got ${w[key]}`);
  }
  return {
    seed: c.seed,
    scale: c.scale,
    wContext: DEFAULT_WORLD.wContext * w.contextPull,
    wContextStyle: DEFAULT_WORLD.wContextStyle * w.contextPull,
    drift: w.drift,
    // Rounded so that a share of 0.7 gives the default world's 0.3 exactly (same world, same cache entry).
    homeFeedRate: Number((1 - w.relatedPinsShare).toPrecision(12)),
  };
}

function checkConfig(c: ContextPointConfig): void {
  for (const key of ['epochs', 'batch', 'seqLength', 'dModel', 'heads', 'layers', 'evalRequests'] as const) {
    requireInt(key, c[key], 1);
  }
  for (const key of ['funnelRequests', 'candidates', 'bootstrap'] as const)
    requireInt(key, c[key], key === 'bootstrap' ? 2 : 1);
  for (const key of ['trainFraction', 'statsFraction', 'contextDropout'] as const) {
    if (!(c[key] >= 0 && c[key] <= 1)) throw new PinlabInputError(key, `must be in [0, 1], got ${c[key]}`);
  }
  if (!(c.statsFraction < c.trainFraction)) {
    throw new PinlabInputError(
      'statsFraction',
      `must be below trainFraction (${c.trainFraction}), got ${c.statsFraction}`,
    );
  }
  requireFinite('reserve', c.reserve, 0);
  if (c.ks.length === 0) throw new PinlabInputError('ks', 'must list at least one cut-off');
  c.ks.forEach((k, i) => {
    if (!Number.isInteger(k) || k < 1) throw new PinlabInputError('ks', `must be a positive integer, got ${k}`, i);
  });
}

const lift = (l: Lift): Lift => ({ estimate: l.estimate, lower: l.lower, upper: l.upper });

/**
 * Notebook 05's experiment on one world: generate (or load) it, train the calibrated ranker and
 * the context-blind and contextual sequential two-towers, score both as retrievers over all ads
 * (Recall@K lift with a paired bootstrap interval), and run the funnel A/B (popularity + context-blind
 * against popularity + contextual, common random numbers). The trained models are disposed.
 * The world is cached under `root` (default `cacheDir()`).
 */
export function runContextPoint(w: ContextWorld, c: ContextPointConfig, root?: string): ContextPointResult {
  checkConfig(c);
  const start = performance.now();
  const { world } = loadOrGenerateWorld(contextWorldOptions(w, c), { root });
  const H = world.horizon;
  const T0 = c.trainFraction * H;
  const ks = c.ks.filter((k) => k <= world.ads.count);
  if (ks.length === 0) throw new PinlabInputError('ks', `every cut-off exceeds the world's ${world.ads.count} ads`);
  const rank = trainRanker(world, { seed: c.seed, statsEnd: c.statsFraction * H, logEnd: T0 });
  const evalRequests = sampleEngagedRequests(world, {
    from: T0,
    to: H,
    pool: Pool.ad,
    limit: c.evalRequests,
    rng: new Rng(c.seed).fork('eval'),
  });
  const funnelRequests = sampleAdRequests(world, {
    from: T0,
    to: H,
    limit: c.funnelRequests,
    rng: new Rng(c.seed).fork('funnel'),
  });
  const served = [...evalRequests, ...funnelRequests];
  const towers = [false, true].map((useContext) =>
    buildTwoTowerGenerator(
      world,
      {
        useContext,
        seqLength: c.seqLength,
        dModel: c.dModel,
        heads: c.heads,
        layers: c.layers,
        encoder: c.encoder,
        contextDropout: c.contextDropout,
      },
      { seed: c.seed, from: 0, to: T0, epochs: c.epochs, batch: c.batch },
      served,
      c.seed,
    ),
  );
  try {
    const [blind, contextual] = towers;
    const rng = new Rng(c.seed).fork('bootstrap');
    const popularity = new PopularityGenerator(world, T0);
    const [eb, ec] = [blind, contextual].map((t) =>
      evaluateRetrieval(world, t.generator, evalRequests, ks, rng, c.bootstrap),
    );
    const recallLifts = ks.map((k) => lift(recallLift(eb, ec, k, rng, c.bootstrap)));
    const base = {
      candidatesPerGenerator: c.candidates,
      slotCtrs: [1, 0.7, 0.5],
      reserve: c.reserve,
      ranker: rank.ranker,
    };
    const ab = runFunnelAB(
      world,
      funnelRequests,
      { ...base, name: 'control (context-blind)', generators: [popularity, blind.generator] },
      { ...base, name: 'treatment (contextual)', generators: [popularity, contextual.generator] },
      c.seed,
      c.bootstrap,
    );
    const seqC = ab.control.generators[1];
    const seqT = ab.treatment.generators[1];
    const relevanceLift = seqT.medianRelevance / seqC.medianRelevance - 1;
    const claims = contextualClaims({
      recallLifts,
      ks,
      relevanceLift,
      impressionsControl: seqC.impressions,
      impressionsTreatment: seqT.impressions,
      impressionShareControl: seqC.impressionShare,
      roas: ab.lifts.roas,
      expectedRoas: ab.lifts.expectedRoas,
    });
    return {
      world: { ...w },
      ks,
      recallBlind: eb.atK.map((a) => a.recall.estimate),
      recallContextual: ec.atK.map((a) => a.recall.estimate),
      recallLifts,
      relevanceLift,
      impressionsControl: seqC.impressions,
      impressionsTreatment: seqT.impressions,
      impressionShareBlind: seqC.impressionShare,
      impressionShareContextual: seqT.impressionShare,
      roasLift: lift(ab.lifts.roas),
      expectedRoasLift: lift(ab.lifts.expectedRoas),
      claims,
      steps: blind.training.steps,
      seconds: (performance.now() - start) / 1000,
    };
  } finally {
    for (const t of towers) t.model.dispose();
  }
}
