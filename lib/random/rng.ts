import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { requireInt } from '../errors';

/** murmur3's 32-bit finaliser: spreads small seeds (0, 1, 2, …) over the whole state. */
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) | 0;
}

/**
 * A seeded random stream (xoroshiro128+ from pure-rand). Every random number in pinlab comes
 * from one of these, so a single seed reproduces a whole notebook. `fork(label)` derives an
 * independent child stream, so adding draws in one component does not shift another's.
 */
export class Rng {
  private readonly gen: ReturnType<typeof xoroshiro128plus>;
  private spareNormal = NaN;

  constructor(readonly seed: number) {
    requireInt('seed', seed, 0, 2 ** 31 - 1);
    this.gen = xoroshiro128plus(mix32(seed));
    // xoroshiro's first outputs from a sparse state are far from uniform: warm it up.
    for (let i = 0; i < 16; i++) this.gen.next();
  }

  /** Uniform in [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.gen.next() >>> 5;
    const lo = this.gen.next() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal (Marsaglia polar method, caching the second variate). */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const z = this.spareNormal;
      this.spareNormal = NaN;
      return z;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * f;
    return u * f;
  }

  /** In-place Fisher–Yates shuffle. */
  shuffle<T extends { length: number; [i: number]: unknown }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  /**
   * Partial Fisher–Yates: moves a uniform sample of `count` elements (without replacement) to the
   * front of `a`, drawing `count` numbers; the rest of `a` keeps its elements in some order.
   */
  sampleToFront<T extends { length: number; [i: number]: unknown }>(a: T, count: number): T {
    for (let k = 0; k < count; k++) {
      const j = k + this.int(a.length - k);
      const t = a[k];
      a[k] = a[j];
      a[j] = t;
    }
    return a;
  }

  /** An independent stream derived from this one's seed and a label (FNV-1a hash). */
  fork(label: string): Rng {
    let h = 0x811c9dc5 ^ this.seed;
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
    return new Rng((h >>> 1) & 0x7fffffff);
  }
}
