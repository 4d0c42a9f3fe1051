import { PinlabInputError, requireInt } from '../errors';

/** One bin of a reliability diagram. */
export interface CalibrationBin {
  /** Bin edges on the predicted probability: [lo, hi). The last bin includes 1. */
  readonly lo: number;
  readonly hi: number;
  readonly count: number;
  /** Mean predicted probability in the bin; NaN (documented) for an empty bin. */
  readonly meanPredicted: number;
  /** Observed positive rate in the bin; NaN for an empty bin. */
  readonly observedRate: number;
  /** Mean of `truth` (e.g. the world's true P(click), each in [0, 1]) in the bin; NaN if empty or without `truth`. */
  readonly meanTruth: number;
}

export interface CalibrationReport {
  readonly bins: CalibrationBin[];
  /** Expected calibration error: Σ_b (n_b / n) · |mean predicted_b − observed rate_b| over non-empty bins. */
  readonly ece: number;
  /** Σ predicted / Σ labels: 1 when predictions are right on average; NaN (documented) when no label is 1. */
  readonly predictedOverObserved: number;
  /** Mean log loss −[y ln p + (1 − y) ln(1 − p)], p clipped to [1e-7, 1 − 1e-7]. */
  readonly logLoss: number;
  readonly count: number;
}

function validate(pred: ArrayLike<number>, labels: ArrayLike<number>): void {
  if (pred.length !== labels.length)
    throw new PinlabInputError('labels', `length ${labels.length} differs from predictions length ${pred.length}`);
  if (pred.length === 0) throw new PinlabInputError('predictions', 'is empty');
  for (let i = 0; i < pred.length; i++) {
    if (!(pred[i] >= 0 && pred[i] <= 1))
      throw new PinlabInputError('predictions', `must be a probability in [0, 1], got ${pred[i]}`, i);
    if (labels[i] !== 0 && labels[i] !== 1) throw new PinlabInputError('labels', `must be 0 or 1, got ${labels[i]}`, i);
  }
}

/**
 * Reliability table of predicted probabilities against binary outcomes, with `bins` equal-width
 * bins on [0, 1] (empty bins are kept with count 0 and NaN means, so plots keep their x-axis).
 */
export function calibrationReport(
  pred: ArrayLike<number>,
  labels: ArrayLike<number>,
  bins = 10,
  truth?: ArrayLike<number>,
): CalibrationReport {
  validate(pred, labels);
  requireInt('bins', bins, 1);
  if (truth && truth.length !== pred.length)
    throw new PinlabInputError('truth', `length ${truth.length} differs from predictions length ${pred.length}`);
  if (truth) {
    for (let i = 0; i < truth.length; i++) {
      if (!(truth[i] >= 0 && truth[i] <= 1)) {
        throw new PinlabInputError('truth', `must be a probability in [0, 1], got ${truth[i]}`, i);
      }
    }
  }
  const n = new Float64Array(bins);
  const sp = new Float64Array(bins);
  const sy = new Float64Array(bins);
  const st = new Float64Array(bins);
  let logLoss = 0;
  let totalP = 0;
  let totalY = 0;
  for (let i = 0; i < pred.length; i++) {
    const p = pred[i];
    const b = Math.min(bins - 1, Math.floor(p * bins));
    n[b]++;
    sp[b] += p;
    sy[b] += labels[i];
    if (truth) st[b] += truth[i];
    totalP += p;
    totalY += labels[i];
    const pc = Math.min(1 - 1e-7, Math.max(1e-7, p));
    logLoss -= labels[i] === 1 ? Math.log(pc) : Math.log(1 - pc);
  }
  let ece = 0;
  const out: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    const c = n[b];
    out.push({
      lo: b / bins,
      hi: (b + 1) / bins,
      count: c,
      meanPredicted: c ? sp[b] / c : NaN,
      observedRate: c ? sy[b] / c : NaN,
      meanTruth: c && truth ? st[b] / c : NaN,
    });
    if (c) ece += (c / pred.length) * Math.abs(sp[b] / c - sy[b] / c);
  }
  return {
    bins: out,
    ece,
    predictedOverObserved: totalY > 0 ? totalP / totalY : NaN,
    logLoss: logLoss / pred.length,
    count: pred.length,
  };
}

/**
 * Isotonic calibration by pool-adjacent-violators: the non-decreasing step function f minimising
 * Σ (f(s_i) − y_i)² over the fitting scores s_i. As scikit-learn's, `apply` returns the block's
 * value on each block's score range [min, max] and interpolates linearly between blocks (constant
 * beyond the ends), so it is monotone in the score and exact on the fitting scores.
 */
export class IsotonicCalibrator {
  /** Knots (each block's lowest and highest score) and their fitted rates, non-decreasing. */
  readonly x: Float64Array;
  readonly y: Float64Array;

  private constructor(x: Float64Array, y: Float64Array) {
    this.x = x;
    this.y = y;
  }

  static fit(scores: ArrayLike<number>, labels: ArrayLike<number>): IsotonicCalibrator {
    if (scores.length !== labels.length)
      throw new PinlabInputError('labels', `length ${labels.length} differs from scores length ${scores.length}`);
    if (scores.length === 0) throw new PinlabInputError('scores', 'is empty');
    const n = scores.length;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(scores[i])) throw new PinlabInputError('scores', `must be finite, got ${scores[i]}`, i);
      if (labels[i] !== 0 && labels[i] !== 1)
        throw new PinlabInputError('labels', `must be 0 or 1, got ${labels[i]}`, i);
      order[i] = i;
    }
    order.sort((a, b) => scores[a] - scores[b]);
    // Blocks as a stack: weight, Σ y, score range. Equal scores start in one block (f is a function of s).
    const w = new Float64Array(n);
    const sy = new Float64Array(n);
    const lo = new Float64Array(n);
    const hi = new Float64Array(n);
    let top = 0;
    for (let k = 0; k < n;) {
      let j = k;
      let wy = 0;
      while (j < n && scores[order[j]] === scores[order[k]]) wy += labels[order[j++]];
      w[top] = j - k;
      sy[top] = wy;
      lo[top] = hi[top] = scores[order[k]];
      top++;
      // Merge while the previous block's mean is not below the new one's.
      while (top > 1 && sy[top - 2] / w[top - 2] >= sy[top - 1] / w[top - 1]) {
        w[top - 2] += w[top - 1];
        sy[top - 2] += sy[top - 1];
        hi[top - 2] = hi[top - 1];
        top--;
      }
      k = j;
    }
    const x: number[] = [];
    const y: number[] = [];
    for (let b = 0; b < top; b++) {
      x.push(lo[b]);
      y.push(sy[b] / w[b]);
      if (hi[b] > lo[b]) {
        x.push(hi[b]);
        y.push(sy[b] / w[b]);
      }
    }
    return new IsotonicCalibrator(Float64Array.from(x), Float64Array.from(y));
  }

  /** Calibrated probability of a raw score. */
  apply(score: number): number {
    const { x, y } = this;
    const m = x.length;
    if (score <= x[0]) return y[0];
    if (score >= x[m - 1]) return y[m - 1];
    let a = 0;
    let b = m - 1;
    while (b - a > 1) {
      const mid = (a + b) >>> 1;
      if (x[mid] <= score) a = mid;
      else b = mid;
    }
    const t = (score - x[a]) / (x[b] - x[a]);
    return y[a] + t * (y[b] - y[a]);
  }
}
