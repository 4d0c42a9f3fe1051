import { PinlabInputError } from '../../errors';
import type { NextItemScorer } from '../../metrics/next-item';

/** How often each item occurs in `sequences` (repeats within a sequence count each time). */
export function itemCounts(sequences: readonly Int32Array[], numItems: number): Float32Array {
  const counts = new Float32Array(numItems);
  sequences.forEach((s, u) => {
    for (const i of s) {
      if (!(i >= 0 && i < numItems)) throw new PinlabInputError('sequences', `item ${i} outside [0, ${numItems})`, u);
      counts[i]++;
    }
  });
  return counts;
}

/** Repeats `row` once per history: the shape `scoreAll` returns. */
export function repeatRow(row: Float32Array, histories: number): Float32Array {
  const out = new Float32Array(histories * row.length);
  for (let r = 0; r < histories; r++) out.set(row, r * row.length);
  return out;
}

/** The popularity baseline: every history scores each item by its count in the training sequences. */
export class PopularityScorer implements NextItemScorer {
  readonly counts: Float32Array;

  constructor(train: readonly Int32Array[], numItems: number) {
    this.counts = itemCounts(train, numItems);
  }

  scoreAll(histories: readonly Int32Array[]): Float32Array {
    return repeatRow(this.counts, histories.length);
  }
}
