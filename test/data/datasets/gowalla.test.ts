import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  countOverlap,
  GOWALLA_COUNTS,
  GOWALLA_FILES,
  loadGowalla,
  readGowalla,
  splitFromPairs,
  splitFromText,
} from '../../../lib/data/datasets/gowalla';
import { findRealDataset } from '../../../lib/io/paths';
import { evaluateAllItems } from '../../../lib/retrieval/evaluate';
import { EmbeddingScores } from '../../../lib/retrieval/embedding-scores';
import { PinlabInputError } from '../../../lib/errors';
import { fixtureCopy, fixtureFiles, tempDir, useTempCache, withLine } from '../../support/data-fixture';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

// A deterministic slice in the NGCF file format. 1-d embeddings (user = 1, item j = 0.9 − 0.1 j)
// rank items 0,1,2,… for everyone, so the protocol's result can be worked out by hand.
const TRAIN = '0 1 2\n1 0\n2 3\n';
const TEST = '0 3 5\n1 4\n2\n';

test('full-ranking protocol on a hand-worked slice: training items excluded, users without test items skipped', () => {
  const split = splitFromText(TRAIN, TEST);
  assert.deepEqual([split.numUsers, split.numItems], [3, 6]);
  const items = Float32Array.from({ length: 6 }, (_, j) => 0.9 - 0.1 * j);
  const ev = evaluateAllItems(new EmbeddingScores(new Float32Array(3).fill(1), items, 1), split, [1, 2, 4]);
  // user 0 sees 0,3,4,5 (1,2 trained): test {3,5} at ranks 2 and 4. user 1 sees 1,2,3,4,5: test {4} at rank 4.
  assert.deepEqual(Array.from(ev.perQuery.queries), [0, 1]);
  const [k1, k2, k4] = ev.summary;
  const d = (r: number) => 1 / Math.log2(r + 1);
  assert.deepEqual([k1.recall, k1.ndcg], [0, 0]);
  close(k2.recall, (1 / 2 + 0) / 2);
  close(k2.ndcg, (d(2) / (d(1) + d(2)) + 0) / 2);
  close(k4.recall, 1);
  close(k4.ndcg, ((d(2) + d(4)) / (d(1) + d(2)) + d(4) / d(1)) / 2);
  close(k4.globalRecall, 3 / 3);
  close(k4.mrr, (1 / 2 + 1 / 4) / 2);
});

test('parser rejects malformed lines, naming the text and the line', () => {
  const refused = (train: string, line: number, what: RegExp) =>
    assert.throws(
      () => splitFromText(train, '0 2\n'),
      (e: unknown) => e instanceof PinlabInputError && e.file === 'train' && e.line === line && what.test(e.message),
    );
  refused('0 1 x\n', 1, /'x' is not an integer/);
  refused('0 1\n1 1 1\n', 2, /item 1 repeated for user 1/);
  refused('0 1\n0 2\n', 2, /user 0 is also on line 1/);
  refused('0 1\n1 -2\n', 2, /-2 is outside/);
  refused('0,1 2\n', 1, /comma; the format separates values by spaces/);
  // Was a TypeError: the comma in the test text made the user count NaN and every row undefined.
  assert.throws(
    () => splitFromText('0 1\n', '0,2\n'),
    (e: unknown) => e instanceof PinlabInputError && e.file === 'test' && e.line === 1 && /comma/.test(e.message),
  );
});

const TINY_COUNTS = { users: 5, items: 8, train: 12, test: 5 };
const tiny = fixtureFiles('gowalla-tiny');
useTempCache();

/** Asserts readGowalla refuses `dir` with a PinlabInputError naming `file` (and `line` when given). */
function refuses(dir: string, file: string, line: number | undefined, what: RegExp): void {
  assert.throws(
    () => readGowalla(dir, TINY_COUNTS),
    (e: unknown) => {
      assert.ok(e instanceof PinlabInputError, `not a PinlabInputError: ${String(e)}`);
      assert.equal(path.basename(e.file ?? ''), file, e.message);
      assert.equal(e.line, line, e.message);
      assert.match(e.message, what);
      return true;
    },
  );
}

test('the tiny Gowalla fixture loads; CRLF, a missing final newline or no SHA256SUMS load the same split', () => {
  const s = readGowalla(fixtureCopy('gowalla-tiny'), TINY_COUNTS);
  assert.deepEqual([s.numUsers, s.numItems], [5, 8]);
  assert.deepEqual(Array.from(s.train.offsets), [0, 3, 5, 7, 9, 12]);
  assert.deepEqual(Array.from(s.train.ids), [0, 1, 2, 1, 3, 4, 5, 2, 6, 3, 5, 7]);
  assert.deepEqual(
    [Array.from(s.test.offsets), Array.from(s.test.ids)],
    [
      [0, 1, 2, 3, 4, 5],
      [3, 5, 1, 4, 0],
    ],
  );
  const all = (f: (t: string) => string) => Object.fromEntries(GOWALLA_FILES.map((n) => [n, f(tiny[n])]));
  assert.deepEqual(
    readGowalla(
      fixtureCopy(
        'gowalla-tiny',
        all((t) => t.replace(/\n/g, '\r\n')),
      ),
      TINY_COUNTS,
    ),
    s,
  );
  assert.deepEqual(
    readGowalla(
      fixtureCopy(
        'gowalla-tiny',
        all((t) => t.slice(0, -1)),
      ),
      TINY_COUNTS,
    ),
    s,
  );
  assert.deepEqual(readGowalla(fixtureCopy('gowalla-tiny', {}, 'drop'), TINY_COUNTS), s);
});

test('Gowalla files: separators, ids, counts and train/test overlap are refused naming the file and line', () => {
  const edit = (file: string, line: number, text: string | undefined) =>
    fixtureCopy('gowalla-tiny', { [file]: withLine(tiny[file], line, text) });
  refuses(edit('train_part2.txt', 2, '4,3,5,7'), 'train_part2.txt', 2, /comma/);
  refuses(edit('test.txt', 3, '2\t1,'), 'test.txt', 3, /comma/);
  refuses(edit('train_part1.txt', 2, '1 1 8'), 'train_part1.txt', 2, /8 is outside \[0, 7\]/);
  refuses(edit('train_part1.txt', 2, '5 1 3'), 'train_part1.txt', 2, /5 is outside \[0, 4\]/);
  refuses(edit('train_part1.txt', 2, '1 1 3.0'), 'train_part1.txt', 2, /'3.0' is not an integer/);
  refuses(edit('train_part2.txt', 1, '2 2 6'), 'train_part2.txt', 1, /user 2 is also on line 3 of train_part1.txt/);
  refuses(edit('test.txt', 2, '1 3'), 'test.txt', 2, /item 3 of user 1 is also in train \(train_part1.txt line 2\)/);
  const trainPairs = /11 \(user, item\) pairs in train_part1.txt \+ train_part2.txt, expected 12/;
  refuses(edit('train_part2.txt', 2, '4 3 7'), 'train_part1.txt', undefined, trainPairs);
  refuses(edit('test.txt', 5, undefined), 'test.txt', undefined, /4 \(user, item\) pairs in test.txt, expected 5/);
});

test('Gowalla SHA256SUMS: an edit that keeps every count is refused, naming the file', () => {
  const dir = fixtureCopy('gowalla-tiny', { 'test.txt': withLine(tiny['test.txt'], 1, '0 4') }, 'keep');
  refuses(dir, 'test.txt', undefined, /SHA256SUMS line 2 says/);
});

test('real Gowalla: an edit keeping every count is refused by SHA256SUMS (skipped where the data is absent)', (t) => {
  const found = findRealDataset('gowalla');
  if (!found.dir) return t.skip(found.reason);
  const dir = path.join(tempDir(), 'gowalla');
  fs.mkdirSync(dir);
  for (const f of fs.readdirSync(found.dir)) fs.copyFileSync(path.join(found.dir, f), path.join(dir, f));
  // User 0's first test item 7580 → 7581: same length, a pair that is in neither train nor test.
  const test0 = fs.readFileSync(path.join(dir, 'test.txt'), 'utf8');
  assert.ok(test0.startsWith('0 7580 ') && !/^0 .*\b7581\b/.test(test0.split('\n')[0]));
  fs.writeFileSync(path.join(dir, 'test.txt'), test0.replace('0 7580 ', '0 7581 '));
  const named = (e: unknown) => e instanceof PinlabInputError && e.file === path.join(dir, 'test.txt');
  assert.throws(
    () => readGowalla(dir),
    (e: unknown) => named(e) && /SHA256SUMS/.test((e as Error).message),
  );
});

test('real Gowalla: published sizes, disjoint train/test', (t) => {
  const g = loadGowalla();
  if (!g.split) return t.skip(g.reason);
  const s = g.split;
  assert.deepEqual(
    { users: s.numUsers, items: s.numItems, train: s.train.ids.length, test: s.test.ids.length },
    { ...GOWALLA_COUNTS },
  );
  assert.equal(countOverlap(s), 0);
  // The first user line of train_part1.txt is user 0 with items 0, 1, 2, … (sorted).
  assert.deepEqual(Array.from(s.train.ids.subarray(0, 3)), [0, 1, 2]);
});

test('splitFromPairs keeps label-1 pairs per user, collapsing repeats, and checks ranges', () => {
  const pairs = { count: 5, user: [0, 0, 1, 0, 1], item: [2, 1, 0, 2, 3], label: [1, 1, 0, 1, 1] };
  const s = splitFromPairs(2, 4, pairs, { count: 1, user: [1], item: [2], label: [1] });
  assert.deepEqual(Array.from(s.train.offsets), [0, 2, 3]);
  assert.deepEqual(Array.from(s.train.ids), [1, 2, 3]);
  assert.deepEqual(Array.from(s.test.ids), [2]);
  assert.throws(
    () => splitFromPairs(2, 4, { count: 1, user: [2], item: [0], label: [1] }, pairs),
    (e: unknown) => e instanceof PinlabInputError && e.field === 'train' && e.index === 0,
  );
});
