import type { Rng } from '../../random/rng';

/**
 * One SASRec training batch: right-aligned inputs of the batch's longest length L′ (token = item + 1,
 * 0 = padding) and, for every position that has a next item, its flat index and target.
 */
export interface SasrecBatch {
  readonly size: number;
  readonly length: number;
  /** [size × length] int32 tokens. */
  readonly tokens: Int32Array;
  /** Flat indices b · length + t of the positions with a target. */
  readonly positions: Int32Array;
  /** The 0-based next item at each of those positions. */
  readonly targets: Int32Array;
  /** Per position, the user each belongs to (for negatives outside the user's items). */
  readonly users: Int32Array;
}

/**
 * An epoch's batches: the users with ≥ 2 training items in random order, then ordered by input length
 * (a stable sort, so users of equal length stay shuffled) and cut into batches of `batch`, the batches
 * shuffled. A batch is as long as its longest input rather than `maxLen`: Amazon Games' sequences
 * average 9 items, so padding every one to 50 would be most of the work.
 */
export function sasrecBatches(
  sequences: readonly Int32Array[],
  maxLen: number,
  batch: number,
  rng: Rng,
): SasrecBatch[] {
  const users: number[] = [];
  for (let u = 0; u < sequences.length; u++) if (sequences[u].length >= 2) users.push(u);
  const inputLength = (u: number) => Math.min(sequences[u].length - 1, maxLen);
  const order = rng.shuffle(Int32Array.from(users));
  const sorted = Array.from(order).sort((a, b) => inputLength(a) - inputLength(b));
  const out: SasrecBatch[] = [];
  for (let s = 0; s < sorted.length; s += batch) out.push(makeBatch(sequences, sorted.slice(s, s + batch), maxLen));
  return rng.shuffle(out);
}

/** The batch of `users`: each one's last ≤ maxLen training items as inputs, each next item as target. */
export function makeBatch(sequences: readonly Int32Array[], users: readonly number[], maxLen: number): SasrecBatch {
  const L = Math.max(1, ...users.map((u) => Math.min(sequences[u].length - 1, maxLen)));
  const tokens = new Int32Array(users.length * L);
  const positions: number[] = [];
  const targets: number[] = [];
  const owners: number[] = [];
  users.forEach((u, b) => {
    const seq = sequences[u];
    const m = Math.min(seq.length - 1, maxLen);
    // Inputs seq[n−1−m … n−2] at t = L−m … L−1; the target at t is the item after the input.
    for (let j = 0; j < m; j++) {
      const t = L - m + j;
      const i = seq.length - 1 - m + j;
      tokens[b * L + t] = seq[i] + 1;
      positions.push(b * L + t);
      targets.push(seq[i + 1]);
      owners.push(u);
    }
  });
  return {
    size: users.length,
    length: L,
    tokens,
    positions: Int32Array.from(positions),
    targets: Int32Array.from(targets),
    users: Int32Array.from(owners),
  };
}

/**
 * Right-aligned tokens [n × L′] of histories for scoring: each one's last ≤ maxLen items, L′ the
 * longest (at least 1, so an empty history is all padding).
 */
export function historyTokens(
  histories: readonly Int32Array[],
  maxLen: number,
): { tokens: Int32Array; length: number } {
  const L = Math.max(1, ...histories.map((h) => Math.min(h.length, maxLen)));
  const tokens = new Int32Array(histories.length * L);
  histories.forEach((h, b) => {
    const m = Math.min(h.length, maxLen);
    for (let j = 0; j < m; j++) tokens[b * L + L - m + j] = h[h.length - m + j] + 1;
  });
  return { tokens, length: L };
}
