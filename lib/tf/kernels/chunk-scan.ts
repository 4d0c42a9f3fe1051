let picked = new Int32Array(0);

/**
 * A thread's share of a scatter over edges: the edges e whose target targets[e] lies in [lo, hi),
 * ascending, so each target accumulates its edges in the same order whatever the thread count.
 * Returns `edges` itself when given (chunkEdges: the share's edges, grouped and range-checked by
 * runKernelTask); undefined, meaning every edge in order, when the share is the whole range and
 * every target lies in [0, count); else a per-thread scratch list, valid until the next call
 * (kernels never overlap). A target outside [0, count) goes to `invalid`, which throws or, by
 * returning, drops the edge; without `invalid` targets are trusted (checked by the forward pass).
 */
export function ownEdges(
  targets: Int32Array,
  count: number,
  lo: number,
  hi: number,
  edges: Int32Array | undefined,
  invalid?: (e: number, t: number) => void,
): Int32Array | undefined {
  if (edges) return edges;
  const n = targets.length;
  if (lo <= 0 && hi >= count && (!invalid || inRange(targets, count))) return undefined;
  if (picked.length < n) picked = new Int32Array(Math.max(n, 2 * picked.length));
  let m = 0;
  for (let e = 0; e < n; e++) {
    const t = targets[e];
    if (t >= lo && t < hi) picked[m++] = e;
    else if (invalid && (t < 0 || t >= count)) invalid(e, t);
  }
  return picked.subarray(0, m);
}

function inRange(targets: Int32Array, count: number): boolean {
  for (let e = 0; e < targets.length; e++) if (targets[e] < 0 || targets[e] >= count) return false;
  return true;
}
