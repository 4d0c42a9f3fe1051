/** Σ values, left to right. */
export function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}

/** Arithmetic mean; NaN when empty. */
export function mean(values: ArrayLike<number>): number {
  return values.length === 0 ? NaN : sum(values) / values.length;
}

/**
 * Median; NaN when empty. With an even count it is the mean of the two middle values, or with
 * `lower` the lower of them, so it stays a sample value (e.g. an integer degree).
 */
export function median(values: ArrayLike<number>, options: { lower?: boolean } = {}): number {
  if (values.length === 0) return NaN;
  const s = Float64Array.from(values).sort();
  const m = s.length >> 1;
  if (s.length % 2) return s[m];
  return options.lower ? s[m - 1] : (s[m - 1] + s[m]) / 2;
}

export interface MeanStd {
  readonly mean: number;
  readonly std: number;
  readonly values: number[];
}

/** Mean and sample standard deviation (n − 1). */
export function meanStd(values: number[]): MeanStd {
  const m = mean(values);
  const v = values.length > 1 ? values.reduce((a, b) => a + (b - m) ** 2, 0) / (values.length - 1) : 0;
  return { mean: m, std: Math.sqrt(v), values };
}
