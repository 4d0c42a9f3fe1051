import type { ItemSequences, LeaveOneOutSplit } from './types';

/**
 * SASRec's `data_partition`: per user the last item is the test item, the one before it the
 * validation item, the rest (in time order) training. Users with fewer than 3 interactions keep
 * every item in training and are not evaluated (`valid` = `test` = -1). Training arrays are views
 * into the input sequences, not copies.
 */
export function leaveOneOut(seqs: ItemSequences): LeaveOneOutSplit {
  const n = seqs.numUsers;
  const valid = new Int32Array(n).fill(-1);
  const test = new Int32Array(n).fill(-1);
  const train = seqs.sequences.map((s, u) => {
    if (s.length < 3) return s;
    valid[u] = s[s.length - 2];
    test[u] = s[s.length - 1];
    return s.subarray(0, s.length - 2);
  });
  return { numUsers: n, numItems: seqs.numItems, train, valid, test };
}
