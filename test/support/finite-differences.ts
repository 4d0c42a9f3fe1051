/**
 * Central finite differences (f(a + h·e_k) − f(a − h·e_k)) / 2h of `loss` in every coordinate k of `a`,
 * perturbing `a` in place (so a model's own parameter storage, float32 rounding included, is what is
 * perturbed) and restoring each coordinate before the next. `loss` reads `a`, in coordinate order.
 */
export function centralDifferences(a: Float32Array | Float64Array, h: number, loss: () => number): Float64Array {
  const g = new Float64Array(a.length);
  for (let k = 0; k < a.length; k++) {
    const v = a[k];
    a[k] = v + h;
    const up = loss();
    a[k] = v - h;
    const down = loss();
    a[k] = v;
    g[k] = (up - down) / (2 * h);
  }
  return g;
}

/** How far an analytic gradient is from finite differences: max |fd − grad| and max |fd| (its scale). */
export function gradientAgreement(fd: ArrayLike<number>, grad: ArrayLike<number>): { maxErr: number; maxG: number } {
  let maxErr = 0,
    maxG = 0;
  for (let k = 0; k < fd.length; k++) {
    maxErr = Math.max(maxErr, Math.abs(fd[k] - grad[k]));
    maxG = Math.max(maxG, Math.abs(fd[k]));
  }
  return { maxErr, maxG };
}
