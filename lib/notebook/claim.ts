import { PinlabInputError } from '../errors';
import { markdown } from './display';

/**
 * A run's number as prose writes it: integers with thousands separators, other numbers with
 * `digits` decimals. Non-finite values are refused, so a failed metric never reads as a result.
 */
export function fmt(x: number, digits = 3): string {
  if (!Number.isFinite(x)) throw new PinlabInputError('x', `must be finite to be stated, got ${x}`);
  return Number.isInteger(x) ? x.toLocaleString('en-US') : x.toFixed(digits);
}

/**
 * Prose whose numbers come from the run: a tagged template that formats each interpolated number
 * with `fmt`, shows the result as Markdown and returns it. Notebooks state their own results this
 * way, never as typed-in numbers (test/notebooks/prose.test.ts checks the typed ones):
 *
 *     claim`The GAT reaches test AUC ${testAuc}, ${gap} below the Bayes-optimal scorer.`
 */
export function claim(strings: TemplateStringsArray, ...values: unknown[]): string {
  let text = strings[0];
  values.forEach((v, k) => {
    text += (typeof v === 'number' ? fmt(v) : String(v)) + strings[k + 1];
  });
  markdown(text);
  return text;
}
