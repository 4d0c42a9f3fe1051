import { PinlabInputError, requireInt } from '../errors';
import type { RankedLists } from '../metrics/ranking';
import type { RowSets } from '../data/types';
import { TopKSelector } from './select';

/**
 * Anything that can score a block of users against every item: `out` (users.length × numItems,
 * row-major) receives score(users[r], item j) at r * numItems + j. Dot products of embeddings are
 * one implementation (./embedding-scores); training-free filters such as GF-CF are another.
 */
export interface ScoreSource {
  readonly numUsers: number;
  readonly numItems: number;
  scoreBlock(users: Int32Array, out: Float32Array): void;
}

export interface TopKResult extends RankedLists {
  /** Scores aligned with `items` (−Infinity where a list is padded with −1). */
  readonly scores: Float32Array;
  /** The users whose lists these are, one row each. */
  readonly users: Int32Array;
}

export interface TopKOptions {
  /** Items never returned for a user (e.g. their training items), one row per user id. */
  readonly exclude?: RowSets;
  /** Users to retrieve for (default all). */
  readonly users?: Int32Array;
  /** Users scored per block: the block's score matrix is block × numItems floats (default 512). */
  readonly blockUsers?: number;
  /** Called after each block with the number of users done. */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Exact top-k retrieval: scores users in blocks against all items (one dense score block, reused),
 * blanks each user's excluded items to −Infinity, and selects the k best per user with a heap
 * (ties → lower item id). Equivalent to fully sorting every user's scores, at a fraction of the cost.
 */
export function exactTopK(source: ScoreSource, k: number, options: TopKOptions = {}): TopKResult {
  const { numUsers, numItems } = source;
  requireInt('k', k, 1, numItems);
  const block = options.blockUsers ?? 512;
  requireInt('blockUsers', block, 1);
  const users = options.users ?? Int32Array.from({ length: numUsers }, (_, u) => u);
  for (let r = 0; r < users.length; r++) {
    const u = users[r];
    if (!Number.isInteger(u) || u < 0 || u >= numUsers)
      throw new PinlabInputError('users', `must be a user id in [0, ${numUsers}), got ${u}`, r);
  }
  const ex = options.exclude;
  if (ex && ex.offsets.length !== numUsers + 1) {
    throw new PinlabInputError(
      'exclude.offsets',
      `must have length numUsers + 1 = ${numUsers + 1}, got ${ex.offsets.length}`,
    );
  }
  const n = users.length;
  const items = new Int32Array(n * k);
  const scores = new Float32Array(n * k);
  const buf = new Float32Array(Math.min(block, n) * numItems);
  const selector = new TopKSelector(k);
  for (let start = 0; start < n; start += block) {
    const count = Math.min(block, n - start);
    const ids = users.subarray(start, start + count);
    const out = count * numItems === buf.length ? buf : buf.subarray(0, count * numItems);
    source.scoreBlock(ids, out);
    for (let r = 0; r < count; r++) {
      const base = r * numItems;
      if (ex) {
        const u = ids[r];
        for (let j = ex.offsets[u]; j < ex.offsets[u + 1]; j++) {
          const it = ex.ids[j];
          if (it < 0 || it >= numItems)
            throw new PinlabInputError('exclude.ids', `must be an item id in [0, ${numItems}), got ${it}`, j);
          out[base + it] = -Infinity;
        }
      }
      selector.select(out, base, numItems, items, scores, (start + r) * k);
    }
    options.onProgress?.(start + count, n);
  }
  return { items, scores, width: k, users };
}
