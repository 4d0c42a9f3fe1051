import type { ImplicitSplit } from '../../data/types';
import { PinlabInputError, requireFinite, requireInt } from '../../errors';
import { ItemGram, normalizedBipartite } from '../../linalg/bipartite';
import { sharedFloats } from '../../parallel';
import type { Rng } from '../../random/rng';
import { EmbeddingScores } from '../../retrieval/embedding-scores';
import type { ScoreSource } from '../../retrieval/topk';
import { idealLowPass } from './ideal-low-pass';

export type OdeSolver = 'euler' | 'rk4';

/** A fixed-grid ODE solve: `steps` steps of `solver` over [0, time]. */
export interface OdeSchedule {
  readonly time: number;
  readonly steps: number;
  readonly solver: OdeSolver;
}

/** One (sharpening time, ideal weight) setting scored by `Bspm.scoreVariants`. */
export interface BspmVariant {
  readonly sharpenTime: number;
  readonly idealWeight: number;
}

export interface BspmOptions {
  /** Rank of the ideal low-pass filter (default 448, the paper's Gowalla `factor_dim`). */
  readonly rank?: number;
  /** Weight β of the ideal low-pass term (default 0.2, the paper's Gowalla `idl_beta`). */
  readonly idealWeight?: number;
  /** The blurring solve (default one Euler step over [0, 1], the paper's). */
  readonly blur?: OdeSchedule;
  /** Terminal time T_s of the sharpening solve (default 2.5, the paper's Gowalla setting). */
  readonly sharpenTime?: number;
  /** Steps and solver of the sharpening solve (default 1 step of RK4, the paper's Gowalla setting). */
  readonly sharpenSteps?: number;
  readonly sharpenSolver?: OdeSolver;
  /** Sharpen the ideal term too (BSPM-EM, "early merge", default) or add it after sharpening (LM). */
  readonly earlyMerge?: boolean;
  /** Further (sharpenTime, idealWeight) settings `scoreVariants` scores alongside, for model selection. */
  readonly variants?: readonly BspmVariant[];
  /** Subspace iterations and oversampling of the truncated eigensolver (defaults 12 and 64). */
  readonly iterations?: number;
  readonly oversample?: number;
  readonly log?: (line: string) => void;
}

const add = (p: Float64Array, q: Float64Array): Float64Array =>
  Float64Array.from({ length: Math.max(p.length, q.length) }, (_, k) => (p[k] ?? 0) + (q[k] ?? 0));

/** The product of two polynomials given by their coefficients (constant term first). */
export function polyMul(p: Float64Array, q: Float64Array): Float64Array {
  const out = new Float64Array(p.length + q.length - 1);
  for (let i = 0; i < p.length; i++) for (let j = 0; j < q.length; j++) out[i + j] += p[i] * q[j];
  return out;
}

/**
 * The map y(0) ↦ y(T) of `s` applied to the linear ODE dy/dt = y (a P̃ + b I), as a polynomial in P̃
 * (constant term first). One step of size h with z = h (a P̃ + b I) is 1 + z for Euler and
 * 1 + z + z²/2 + z³/6 + z⁴/24 for RK4 (every 4-stage 4th-order Runge–Kutta step, classic or 3/8
 * rule, is exactly this on a linear autonomous ODE); `steps` steps are its `steps`-th power.
 */
export function odePolynomial(s: OdeSchedule, a: number, b: number): Float64Array {
  requireFinite('time', s.time, 0);
  requireInt('steps', s.steps, 1);
  if (s.solver !== 'euler' && s.solver !== 'rk4')
    throw new PinlabInputError('solver', `must be 'euler' or 'rk4', got ${JSON.stringify(s.solver)}`);
  const h = s.time / s.steps;
  const z = Float64Array.from([h * b, h * a]);
  let term = Float64Array.from([1]);
  let step = term;
  for (let j = 1; j <= (s.solver === 'euler' ? 1 : 4); j++) {
    term = polyMul(term, z).map((c) => c / j);
    step = add(step, term);
  }
  let out = Float64Array.from([1]);
  for (let k = 0; k < s.steps; k++) out = polyMul(out, step);
  return out;
}

/**
 * BSPM (Choi, Hong, Park & Cho, SIGIR 2023, "Blurring-Sharpening Process Models for Collaborative
 * Filtering"; official code github.com/jeongwhanchoi/BSPM): a training-free filter that blurs a user's
 * interaction row r_u with the item–item operator P̃ = R̃ᵀR̃ (R̃ = D_U^{-1/2} R D_I^{-1/2}, GF-CF's) and
 * then sharpens it, each an ODE in the row vector:
 *
 *   blur         dx/dt = x (P̃ − I),                       x(0) = r_u, solved over [0, T_b]
 *   ideal        dx/dt = x (D_I^{-1/2} V Vᵀ D_I^{1/2} − I),  one Euler step over [0, 1], which is
 *                x(1) = r_u D_I^{-1/2} V Vᵀ D_I^{1/2} =: ι_u (V: top-`rank` eigenvectors of P̃)
 *   sharpen      dy/dt = −y P̃,                           y(0) = x_blur(T_b) + β ι_u (early merge, EM)
 *                                                         or x_blur(T_b) with β ι_u added after (LM)
 *
 * and s_u = y(T_s). Every solve is a polynomial in P̃ (`odePolynomial`): the paper's Gowalla setting
 * (one Euler blur step, T_b = 1; one RK4 sharpening step, T_s = 2.5; EM; β = 0.2; rank 448) is
 *
 *   s_u = (r_u P̃ + β ι_u) · Σ_{k=0..4} (−T_s P̃)^k / k!
 *
 * i.e. GF-CF's score (with α = β) times a degree-4 sharpening polynomial. Computed as
 * s_u = r_u A(P̃) + β u_f (C(P̃) i_f)ᵀ with A = blur·sharpen and C = sharpen (EM) or 1 (LM):
 * the ideal term's sharpened item factors C(P̃) i_f (n × rank) are computed once at fit time (Horner,
 * `rank` columns through P̃), so per user only the linear part needs P̃'s powers: r_u P̃ by the
 * sparse two-hop, then deg A − 1 dense products, in blocks of users (n × block floats each).
 *
 * Cost per user (Gowalla: n = 40 981 items, nnz(R) = 810 128): (deg A − 1) · 4·nnz(R) flops for the
 * powers (4 × 3.2 MFLOP), rank · n · 2 for the ideal term (37 MFLOP, TF.js matMul), deg A · n to
 * combine; memory (deg A) · n · block floats (blocks of 256: 5 × 42 MB). The item–item matrix is never
 * formed: dense it would be n² floats (6.7 GB) and 2n² flops a column (1000× the two passes); sparse
 * it has 42.4 M nonzeros on Gowalla's training pairs (52× R's, counted), so a column through the
 * user side costs 1/26 of one through P̃ (and needs no 340 MB matrix). `scoreVariants` scores several (T_s, β) settings from one set
 * of powers (the polynomial's coefficients change, the powers do not), which is what makes choosing
 * them on a validation split cost about one evaluation. Call `await chooseBackend()` first.
 */
export class Bspm implements ScoreSource {
  readonly name = 'BSPM';
  readonly numUsers: number;
  readonly numItems: number;
  readonly eigenvalues: Float64Array;
  /** The model's own setting first, then `options.variants`. */
  readonly variants: readonly BspmVariant[];
  /** Per distinct sharpening time: A's coefficients and the ideal term's scorer. */
  private readonly heads: { time: number; linear: Float64Array; ideal: EmbeddingScores }[];
  private readonly gram: ItemGram;
  private powers: Float32Array[] = [];
  private comb = new Float32Array(0);
  private idealOut = new Float32Array(0);

  constructor(
    readonly split: ImplicitSplit,
    rng: Rng,
    options: BspmOptions = {},
  ) {
    const rank = options.rank ?? 448;
    const blur = options.blur ?? { time: 1, steps: 1, solver: 'euler' };
    const steps = options.sharpenSteps ?? 1;
    const solver = options.sharpenSolver ?? 'rk4';
    const early = options.earlyMerge ?? true;
    this.variants = [
      { sharpenTime: options.sharpenTime ?? 2.5, idealWeight: options.idealWeight ?? 0.2 },
      ...(options.variants ?? []),
    ];
    this.variants.forEach((v, i) => {
      requireFinite('variants.sharpenTime', v.sharpenTime, 0, i);
      requireFinite('variants.idealWeight', v.idealWeight, -Infinity, i);
    });
    this.numUsers = split.numUsers;
    this.numItems = split.numItems;
    this.gram = new ItemGram(normalizedBipartite(split.train, split.numItems));
    const blurPoly = odePolynomial(blur, 1, -1);
    const f = idealLowPass(this.gram, rank, rng, {
      iterations: options.iterations,
      oversample: options.oversample,
      log: options.log,
    });
    this.eigenvalues = f.eigenvalues;
    const times = [...new Set(this.variants.map((v) => v.sharpenTime))];
    this.heads = times.map((time) => {
      const sharpen = odePolynomial({ time, steps, solver }, -1, 0);
      return {
        time,
        linear: polyMul(blurPoly, sharpen),
        ideal: new EmbeddingScores(
          f.userF,
          this.polyTimes(early ? sharpen : Float64Array.of(1), f.itemF, rank),
          rank,
          'tf',
        ),
      };
    });
  }

  /** C(P̃) X for row-major X (n × dim), by Horner's rule: dim columns through P̃ per degree. */
  private polyTimes(c: Float64Array, x: Float32Array, dim: number): Float32Array {
    const acc = x.map((v) => c[c.length - 1] * v);
    const next = new Float32Array(x.length);
    for (let k = c.length - 2; k >= 0; k--) {
      this.gram.apply(acc, dim, next);
      for (let j = 0; j < x.length; j++) next[j] += c[k] * x[j];
      acc.set(next);
    }
    return acc;
  }

  /** Scores of the model's own setting (`variants[0]`). */
  scoreBlock(users: Int32Array, out: Float32Array): void {
    this.scoreVariants(users, out, () => {}, [0]);
  }

  /**
   * Scores `users` (a block of m) under each variant in `which` (default all), one after another into
   * `out` (m × numItems, row-major), calling `each(variant, out)` after each: P̃'s powers are computed
   * once for the block.
   */
  scoreVariants(
    users: Int32Array,
    out: Float32Array,
    each: (variant: number, out: Float32Array) => void,
    which: readonly number[] = this.variants.map((_, i) => i),
  ): void {
    const m = users.length,
      n = this.numItems;
    const heads = this.heads.filter((h) => which.some((v) => this.variants[v].sharpenTime === h.time));
    const degree = Math.max(...heads.map((h) => h.linear.length - 1));
    if (this.comb.length < n * m || this.powers.length < degree || this.powers.some((a) => a.length < n * m)) {
      this.powers = Array.from({ length: degree }, () => sharedFloats(n * m));
      this.comb = new Float32Array(n * m);
      this.idealOut = new Float32Array(n * m);
    }
    // powers[k − 1] = (r P̃^k)ᵀ for the block, item-major (n × m): the layout ItemGram.apply takes.
    const p = this.powers.map((a) => a.subarray(0, n * m));
    if (degree > 0) {
      p[0].fill(0);
      for (let r = 0; r < m; r++) this.gram.addBinaryRow(users[r], 1, p[0], r, m);
    }
    for (let k = 1; k < degree; k++) this.gram.apply(p[k - 1], m, p[k]);
    const comb = this.comb.subarray(0, n * m),
      ideal = this.idealOut.subarray(0, n * m);
    const { offsets, ids } = this.split.train;
    for (const head of heads) {
      const a = head.linear;
      comb.fill(0);
      for (let k = 1; k < a.length; k++) {
        const pk = p[k - 1],
          ak = a[k];
        for (let j = 0; j < n * m; j++) comb[j] += ak * pk[j];
      }
      head.ideal.scoreBlock(users, ideal);
      for (const v of which) {
        if (this.variants[v].sharpenTime !== head.time) continue;
        const beta = this.variants[v].idealWeight;
        for (let r = 0; r < m; r++) {
          const o = r * n;
          for (let i = 0; i < n; i++) out[o + i] = beta * ideal[o + i] + comb[i * m + r];
          for (let j = offsets[users[r]]; j < offsets[users[r] + 1]; j++) out[o + ids[j]] += a[0];
        }
        each(v, out);
      }
    }
  }

  dispose(): void {
    for (const h of this.heads) h.ideal.dispose();
  }
}
