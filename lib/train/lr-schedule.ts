import { requireFinite, requireInt } from '../errors';

/**
 * Cosine learning-rate decay (Loshchilov & Hutter 2017, without restarts) from `lr` to 0 over
 * `totalSteps` steps:
 *   lr_t = lr · ½ (1 + cos(π · min(t, T) / T)),   t = steps already taken, T = totalSteps,
 * so step 0 uses `lr` and every step from T on uses 0. A constant rate settles where its noise floor
 * is; decaying it over the steps a budget allows trades early progress for a sharper end point.
 */
export function cosineDecay(lr: number, step: number, totalSteps: number): number {
  requireFinite('lr', lr, 0);
  requireInt('step', step, 0);
  requireInt('totalSteps', totalSteps, 1);
  return lr * 0.5 * (1 + Math.cos((Math.PI * Math.min(step, totalSteps)) / totalSteps));
}
