import { PinlabInputError } from '../../errors';
import type { NextItemScorer } from '../../metrics/next-item';

/**
 * Σ_m w_m · rows_m, element by element (each sum in double precision, stored as float32): the one
 * place a blend's scores are formed, so a blend scores the same whether it is evaluated alone
 * (`ScoreBlend`) or among other weights (`blendVariants`).
 */
export function blendRows(rows: readonly Float32Array[], weights: readonly number[]): Float32Array {
  if (rows.length !== weights.length)
    throw new PinlabInputError('weights', `${weights.length} weights for ${rows.length} score blocks`);
  const n = rows[0].length;
  for (const r of rows) {
    if (r.length !== n) throw new PinlabInputError('scores', `score blocks differ in length (${r.length} and ${n})`);
  }
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let m = 0; m < rows.length; m++) s += weights[m] * rows[m][i];
    out[i] = s;
  }
  return out;
}

function checkWeights(weights: readonly number[], members: number): void {
  if (weights.length !== members)
    throw new PinlabInputError('weights', `${weights.length} weights for ${members} members`);
  weights.forEach((w, i) => {
    if (!Number.isFinite(w)) throw new PinlabInputError('weights', `must be finite, got ${w}`, i);
  });
}

/**
 * A weighted sum of next-item scorers, s(h) = Σ_m w_m s_m(h): an ensemble of models trained apart
 * (for example with different losses). Scores are compared within one history only, so a member's
 * per-history offset (e.g. a softmax's log-normaliser) does not matter; its scale does, and the
 * weights absorb it. Each member scores every history batch once.
 */
export class ScoreBlend implements NextItemScorer {
  constructor(
    readonly members: readonly NextItemScorer[],
    readonly weights: readonly number[],
  ) {
    if (members.length === 0) throw new PinlabInputError('members', 'a blend needs at least one member');
    checkWeights(weights, members.length);
  }

  async scoreAll(histories: readonly Int32Array[]): Promise<Float32Array> {
    return blendRows(await memberRows(this.members, histories), this.weights);
  }
}

async function memberRows(members: readonly NextItemScorer[], histories: readonly Int32Array[]) {
  const rows: Float32Array[] = [];
  for (const m of members) rows.push(await m.scoreAll(histories));
  return rows;
}

/**
 * Scores of several blends of the same members (one weight vector each) for `evaluateNextItemVariants`:
 * the members score each history batch once, whatever the number of weight vectors.
 */
export function blendVariants(
  members: readonly NextItemScorer[],
  weightVectors: readonly (readonly number[])[],
): (histories: readonly Int32Array[]) => Promise<Float32Array[]> {
  weightVectors.forEach((w) => checkWeights(w, members.length));
  return async (histories) => {
    const rows = await memberRows(members, histories);
    return weightVectors.map((w) => blendRows(rows, w));
  };
}
