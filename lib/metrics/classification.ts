import { PinlabInputError, requireFinite } from '../errors';

/** Validates a (scores, labels) pair and returns the number of positives. */
function checkScored(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  if (scores.length !== labels.length) {
    throw new PinlabInputError('labels', `length ${labels.length} must equal scores' length ${scores.length}`);
  }
  let pos = 0;
  for (let i = 0; i < scores.length; i++) {
    requireFinite('scores', scores[i], -Infinity, i);
    const y = labels[i];
    if (y !== 0 && y !== 1) throw new PinlabInputError('labels', `must be 0 or 1, got ${String(y)}`, i);
    pos += y;
  }
  if (pos === 0 || pos === scores.length) {
    throw new PinlabInputError('labels', `need at least one positive and one negative, got ${pos} of ${scores.length}`);
  }
  return pos;
}

/** Indices ordered by ascending score. */
function ascendingOrder(scores: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => scores[a] - scores[b]);
}

/**
 * Exact ROC-AUC via the Mann–Whitney statistic, tied scores at their average rank:
 *   AUC = (Σ_{i ∈ P} rank_i − |P|(|P|+1)/2) / (|P| · |N|)
 * = P(score of a random positive > a random negative) + ½ P(tie). O(n log n).
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const pos = checkScored(scores, labels);
  const neg = scores.length - pos;
  const order = ascendingOrder(scores);
  let rankSum = 0;
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && scores[order[end]] === scores[order[start]]) end++;
    // Ranks start+1 … end share their mean.
    const meanRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) if (labels[order[k]] === 1) rankSum += meanRank;
    start = end;
  }
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/**
 * Average precision as scikit-learn defines it (step-wise, no interpolation), one threshold per
 * distinct score so ties enter together:
 *   AP = Σ_t (R_t − R_{t−1}) · P_t   over thresholds t in descending score.
 * Equivalently the mean over positives of the precision at that positive's score.
 */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const pos = checkScored(scores, labels);
  const order = ascendingOrder(scores);
  let tp = 0;
  let seen = 0;
  let ap = 0;
  for (let end = order.length; end > 0;) {
    let start = end - 1;
    while (start > 0 && scores[order[start - 1]] === scores[order[end - 1]]) start--;
    let groupTp = 0;
    for (let k = start; k < end; k++) groupTp += labels[order[k]];
    tp += groupTp;
    seen += end - start;
    ap += (groupTp / pos) * (tp / seen);
    end = start;
  }
  return ap;
}
