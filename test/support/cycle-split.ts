import type { LeaveOneOutSplit } from '../../lib/data/types';
import { Rng } from '../../lib/random/rng';

/** 80 users walking i → i + 1 (mod 30); the test items sit behind a getter that fails the test if read. */
export function cycleSplit(): { split: LeaveOneOutSplit; valid: LeaveOneOutSplit } {
  const rng = new Rng(1);
  const items = 30;
  const seqs = Array.from({ length: 80 }, () => {
    const s = rng.int(items);
    return Int32Array.from({ length: 6 + rng.int(8) }, (_, j) => (s + j) % items);
  });
  const valid: LeaveOneOutSplit = {
    numUsers: seqs.length,
    numItems: items,
    train: seqs.map((s) => s.slice(0, -2)),
    valid: Int32Array.from(seqs, (s) => s[s.length - 2]),
    test: Int32Array.from(seqs, (s) => s[s.length - 1]),
  };
  const split = {
    ...valid,
    get test(): Int32Array {
      throw new Error('a recipe read the test items');
    },
  };
  return { split, valid };
}
