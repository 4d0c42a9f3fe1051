import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readAmazonGames } from '../../lib/data/datasets/amazon-games';
import { leaveOneOut } from '../../lib/data/leave-one-out-split';
import { fixtureCopy, useTempCache } from '../support/data-fixture';

useTempCache();

test('leave-one-out on the tiny fixture, checked by hand: last item test, the one before valid, < 3 interactions train only', () => {
  const seqs = readAmazonGames(fixtureCopy('amazon-games-tiny'));
  const s = leaveOneOut(seqs);
  assert.deepEqual([s.numUsers, s.numItems], [8, 10]);
  // Sequences: [0 1 2 3 4] [1 2] [2 3 4 5] [0 4 6 7 8 9] [5 6 7] [9] [1 3 5 7 0 2] [8 7 6].
  assert.deepEqual(
    s.train.map((t) => Array.from(t)),
    [[0, 1, 2], [1, 2], [2, 3], [0, 4, 6, 7], [5], [9], [1, 3, 5, 7], [8]],
  );
  assert.deepEqual(Array.from(s.valid), [3, -1, 4, 8, 6, -1, 0, 7]);
  assert.deepEqual(Array.from(s.test), [4, -1, 5, 9, 7, -1, 2, 6]);
  // Nothing is lost or invented: train + valid + test is each user's sequence.
  s.train.forEach((t, u) => {
    const back = [...t, ...[s.valid[u], s.test[u]].filter((i) => i >= 0)];
    assert.deepEqual(back, Array.from(seqs.sequences[u]));
  });
});

test('exactly 3 interactions give one training item; 0, 1 and 2 are not evaluated', () => {
  const seqs = [[], [4], [4, 5], [4, 5, 6]].map((q) => Int32Array.from(q));
  const s = leaveOneOut({ numUsers: 4, numItems: 7, sequences: seqs });
  assert.deepEqual(s.train.map((t) => Array.from(t)), [[], [4], [4, 5], [4]]);
  assert.deepEqual([Array.from(s.valid), Array.from(s.test)], [[-1, -1, -1, 5], [-1, -1, -1, 6]]);
});
