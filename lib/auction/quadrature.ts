import { PinlabInputError } from '../errors';

/**
 * Composite Simpson's rule ∫_a^b f with `intervals` (even) sub-intervals. Error is
 * O(h⁴·max|f⁗|): exact for cubics, ~1e-9 relative for the smooth low-degree integrands here.
 */
export function simpson(f: (x: number) => number, a: number, b: number, intervals = 256): number {
  if (intervals < 2 || intervals % 2 !== 0) throw new PinlabInputError('intervals', `must be an even integer >= 2, got ${intervals}`);
  if (b === a) return 0;
  const h = (b - a) / intervals;
  let sum = f(a) + f(b);
  for (let i = 1; i < intervals; i++) sum += (i % 2 === 1 ? 4 : 2) * f(a + i * h);
  return (sum * h) / 3;
}
