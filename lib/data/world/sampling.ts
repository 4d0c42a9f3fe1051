import type { Rng } from '../../random/rng';

/** Gamma(shape, 1) by Marsaglia & Tsang (2000); shape < 1 uses the boost Γ(a) = Γ(a+1)·U^(1/a). */
export function gamma(rng: Rng, shape: number): number {
  const boost = shape < 1 ? Math.pow(rng.next() || Number.MIN_VALUE, 1 / shape) : 1;
  const a = shape < 1 ? shape + 1 : shape;
  const d = a - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.next();
    if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * boost;
  }
}

/** Writes a Dirichlet(alpha) draw into out[offset … offset + alpha.length). */
export function dirichletInto(rng: Rng, alpha: ArrayLike<number>, out: Float32Array, offset: number): void {
  let sum = 0;
  for (let k = 0; k < alpha.length; k++) {
    const g = gamma(rng, alpha[k]);
    out[offset + k] = g;
    sum += g;
  }
  // Tiny concentrations can underflow every component: fall back to the largest-alpha corner.
  if (!(sum > 0)) {
    let best = 0;
    for (let k = 1; k < alpha.length; k++) if (alpha[k] > alpha[best]) best = k;
    for (let k = 0; k < alpha.length; k++) out[offset + k] = k === best ? 1 : 0;
    return;
  }
  for (let k = 0; k < alpha.length; k++) out[offset + k] /= sum;
}

/** Poisson(mean) by Knuth's product of uniforms, in chunks of 500 so e^−mean never underflows. */
export function poisson(rng: Rng, mean: number): number {
  let n = 0;
  for (let rest = mean; rest > 0; rest -= 500) {
    const limit = Math.exp(-Math.min(rest, 500));
    let prod = rng.next();
    while (prod > limit) {
      n++;
      prod *= rng.next();
    }
  }
  return n;
}

/** Index drawn from unnormalised weights w[0…n) by a linear scan (for short vectors). */
export function categorical(rng: Rng, w: ArrayLike<number>, n = w.length): number {
  let total = 0;
  for (let k = 0; k < n; k++) total += w[k];
  let u = rng.next() * total;
  for (let k = 0; k < n - 1; k++) {
    u -= w[k];
    if (u < 0) return k;
  }
  return n - 1;
}

/**
 * Weighted sampling within groups: members of group g are `members[offsets[g] … offsets[g+1])`
 * with cumulative weights `cum`, so a draw is one binary search (O(log n)) with no allocation.
 */
export class GroupedSampler {
  readonly offsets: Uint32Array;
  readonly members: Uint32Array;
  readonly cum: Float64Array;

  /** `group[i]` is element i's group (or −1 to leave it out); `weight[i]` its weight. */
  constructor(group: ArrayLike<number>, weight: ArrayLike<number>, groups: number) {
    const offsets = new Uint32Array(groups + 1);
    for (let i = 0; i < group.length; i++) if (group[i] >= 0) offsets[group[i] + 1]++;
    for (let g = 0; g < groups; g++) offsets[g + 1] += offsets[g];
    const fill = offsets.slice(0, groups);
    const members = new Uint32Array(offsets[groups]);
    for (let i = 0; i < group.length; i++) if (group[i] >= 0) members[fill[group[i]]++] = i;
    const cum = new Float64Array(members.length);
    for (let g = 0; g < groups; g++) {
      let acc = 0;
      for (let j = offsets[g]; j < offsets[g + 1]; j++) cum[j] = acc += weight[members[j]];
    }
    this.offsets = offsets;
    this.members = members;
    this.cum = cum;
  }

  size(g: number): number {
    return this.offsets[g + 1] - this.offsets[g];
  }

  /** Total weight of group g. */
  total(g: number): number {
    return this.size(g) === 0 ? 0 : this.cum[this.offsets[g + 1] - 1];
  }

  /** A member of (non-empty) group g, drawn with probability weight / total. */
  sample(g: number, rng: Rng): number {
    const lo0 = this.offsets[g];
    let lo = lo0;
    let hi = this.offsets[g + 1] - 1;
    const u = rng.next() * this.cum[hi];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cum[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return this.members[lo];
  }
}
