import { requireFinite, requireInt, PinlabInputError } from '../../errors';
import type { World } from '../../data/world/world';
import { calibrationReport, IsotonicCalibrator, type CalibrationReport } from '../../metrics/calibration';
import { Rng } from '../../random/rng';
import { Adam } from '../../train/adam';
import { fitSync, type Trainable } from '../../train/fit';
import { PctrMlp } from './pctr-mlp';
import { RankerFeatures } from './ranker-features';

export interface RankerTrainOptions {
  readonly seed: number;
  /** Ad CTR statistics come from [0, statsEnd); training rows from [statsEnd, logEnd). */
  readonly statsEnd: number;
  readonly logEnd: number;
  readonly hidden?: number;
  readonly epochs?: number;
  readonly batch?: number;
  readonly lr?: number;
  /** Shares of the logged rows held out to fit, and to evaluate, the isotonic calibration. */
  readonly calibrationShare?: number;
  readonly evaluationShare?: number;
}

/** What training produced: the reliability of raw and calibrated predictions on held-out rows. */
export interface RankerDiagnostics {
  readonly trainRows: number;
  readonly calibrationRows: number;
  readonly evaluationRows: number;
  readonly lossCurve: number[];
  /** On the evaluation rows, with the world's true P(click) as `meanTruth`. */
  readonly raw: CalibrationReport;
  readonly calibrated: CalibrationReport;
}

/** Predicted probabilities are kept inside the auction's quality range (0, 1]. */
const MIN_PCTR = 1e-4;

/**
 * The funnel's heavyweight ranker: `PctrMlp` on `RankerFeatures`, followed by isotonic
 * calibration fitted on held-out logged impressions. Implements the simulator's `PctrModel`.
 */
export class CalibratedRanker {
  readonly name = 'pctr-mlp';
  private readonly x: Float32Array;

  constructor(
    readonly features: RankerFeatures,
    readonly mlp: PctrMlp,
    readonly calibrator: IsotonicCalibrator,
  ) {
    this.x = new Float32Array(features.dim);
  }

  /** Uncalibrated σ(z) for one (request, ad). */
  rawProbability(user: number, ad: number, contextItem: number, t: number): number {
    this.features.write(user, ad, contextItem, t, this.x, 0);
    return 1 / (1 + Math.exp(-this.mlp.logit(this.x, 0)));
  }

  predict(
    request: { user: number; time: number; contextItem: number },
    ads: Int32Array,
    n: number,
    out: Float64Array,
  ): void {
    for (let k = 0; k < n; k++) {
      const p = this.calibrator.apply(this.rawProbability(request.user, ads[k], request.contextItem, request.time));
      out[k] = Math.min(1, Math.max(MIN_PCTR, p));
    }
  }
}

/**
 * Trains the ranker on the world's logged ad impressions in [statsEnd, logEnd) (label: clicked),
 * by Adam on mini-batches of the mean log loss, then fits isotonic calibration on a held-out
 * share and reports reliability on another held-out share (rows are split at random by `seed`).
 * Trains through `fitSync` (epoch e shuffles with `Rng(seed).fork('epoch-e')`).
 */
export function trainRanker(
  world: World,
  opts: RankerTrainOptions,
): { ranker: CalibratedRanker; diagnostics: RankerDiagnostics } {
  const hidden = opts.hidden ?? 16;
  const epochs = opts.epochs ?? 4;
  const batch = opts.batch ?? 256;
  const lr = opts.lr ?? 0.01;
  const calShare = opts.calibrationShare ?? 0.15;
  const evalShare = opts.evaluationShare ?? 0.15;
  requireInt('epochs', epochs, 1);
  requireInt('batch', batch, 1);
  requireFinite('lr', lr, 0);
  if (!(calShare > 0 && evalShare > 0 && calShare + evalShare < 1)) {
    throw new PinlabInputError(
      'calibrationShare',
      `calibrationShare and evaluationShare must be > 0 with sum < 1, got ${calShare} and ${evalShare}`,
    );
  }
  const features = new RankerFeatures(world, opts.statsEnd, opts.logEnd);
  const { interactions: x, items, sessions } = world;
  const logRows: number[] = [];
  for (let r = 0; r < x.count; r++) {
    if (items.isAd[x.item[r]] === 1 && x.time[r] >= opts.statsEnd && x.time[r] < opts.logEnd) logRows.push(r);
  }
  if (logRows.length < 10)
    throw new PinlabInputError('logEnd', `only ${logRows.length} logged ad impressions in [statsEnd, logEnd)`);
  const F = features.dim;
  const N = logRows.length;
  const X = new Float32Array(N * F);
  const Y = new Uint8Array(N);
  const truth = new Float64Array(N);
  logRows.forEach((r, k) => {
    features.write(x.user[r], items.adIndex[x.item[r]], sessions.contextItem[x.session[r]], x.time[r], X, k * F);
    Y[k] = x.outcome[r] !== 0 ? 1 : 0;
    truth[k] = x.pEngage[r];
  });
  const rng = new Rng(opts.seed);
  const order = rng.fork('split').shuffle(Uint32Array.from({ length: N }, (_, k) => k));
  const nEval = Math.max(1, Math.round(N * evalShare));
  const nCal = Math.max(1, Math.round(N * calShare));
  const evalRows = order.subarray(0, nEval);
  const calRows = order.subarray(nEval, nEval + nCal);
  const trainRows = order.slice(nEval + nCal);

  const mlp = new PctrMlp(F, hidden, rng.fork('init'));
  const adam = new Adam(mlp.params.length, lr);
  // Each epoch shuffles the training rows afresh from `fit`'s stream for it.
  const trainable: Trainable = {
    trainEpoch(epochRng) {
      const order = epochRng.shuffle(trainRows.slice());
      let total = 0;
      let batches = 0;
      for (let s = 0; s < order.length; s += batch) {
        total += mlp.lossAndGrad(X, Y, order.subarray(s, Math.min(order.length, s + batch)));
        adam.step(mlp.params, mlp.grad);
        batches++;
      }
      return total / batches;
    },
  };
  const lossCurve = fitSync(trainable, { seed: opts.seed, maxEpochs: epochs }).history.map((h) => h.loss);
  const rawOf = (rows: Uint32Array): Float64Array =>
    Float64Array.from(rows, (r) => 1 / (1 + Math.exp(-mlp.logit(X, r * F))));
  const calRaw = rawOf(calRows);
  const calibrator = IsotonicCalibrator.fit(
    calRaw,
    Array.from(calRows, (r) => Y[r]),
  );
  const evalRaw = rawOf(evalRows);
  const evalY = Array.from(evalRows, (r) => Y[r]);
  const evalTruth = Array.from(evalRows, (r) => truth[r]);
  const evalCal = evalRaw.map((p) => Math.min(1, Math.max(MIN_PCTR, calibrator.apply(p))));
  return {
    ranker: new CalibratedRanker(features, mlp, calibrator),
    diagnostics: {
      trainRows: trainRows.length,
      calibrationRows: nCal,
      evaluationRows: nEval,
      lossCurve,
      raw: calibrationReport(evalRaw, evalY, 10, evalTruth),
      calibrated: calibrationReport(evalCal, evalY, 10, evalTruth),
    },
  };
}
