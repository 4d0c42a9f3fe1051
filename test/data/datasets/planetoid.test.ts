import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readPlanetoid } from '../../../lib/data/datasets/planetoid';
import { PinlabInputError } from '../../../lib/errors';
import { fixtureCopy, fixtureFiles, useTempCache, withLine } from '../../support/data-fixture';

useTempCache();
const TINY = 'planetoid-tiny';
const files = fixtureFiles(TINY);
const split = JSON.parse(files['split.json']);
const splitWith = (change: Record<string, unknown>) => JSON.stringify({ ...split, ...change });

/** Asserts a PinlabInputError naming `file` (base name), `line` and matching `what`. */
function refuses(dir: string, file: string, line: number | undefined, what: RegExp): void {
  assert.throws(
    () => readPlanetoid(dir),
    (e: unknown) => {
      assert.ok(e instanceof PinlabInputError, `not a PinlabInputError: ${String(e)}`);
      assert.equal(path.basename(e.file ?? ''), file, e.message);
      assert.equal(e.line, line, e.message);
      assert.match(e.message, what);
      assert.ok(e.message.includes(file), e.message);
      return true;
    },
  );
}

test('the tiny Planetoid fixture: a node without features, an unlabeled node, isolated nodes', () => {
  const d = readPlanetoid(fixtureCopy(TINY));
  assert.deepEqual([d.numNodes, d.numFeatures, d.numClasses], [8, 5, 3]);
  // Blank line 4 is node 2: a zero row, and the rows after it stay in place (node 3 = "3 4").
  assert.deepEqual(Array.from(d.features.subarray(2 * 5, 3 * 5)), [0, 0, 0, 0, 0]);
  assert.deepEqual(Array.from(d.features.subarray(3 * 5, 4 * 5)), [0, 0, 0, 0.5, 0.5]);
  assert.deepEqual(
    Array.from(d.features.subarray(7 * 5, 8 * 5)),
    [1, 1, 1, 0, 0].map((x) => Math.fround(x / 3)),
  );
  assert.deepEqual(Array.from(d.labels), [0, 1, 2, 0, -1, 1, 2, 0]);
  assert.deepEqual(
    [Array.from(d.train), Array.from(d.val), Array.from(d.test)],
    [
      [0, 1, 2],
      [3, 5],
      [6, 7],
    ],
  );
  // Node 4 (unlabeled) is in no split; nodes 4 and 7 have no edges.
  assert.ok(![...d.train, ...d.val, ...d.test].includes(4));
  const touched = new Set([...d.edgeSrc, ...d.edgeDst]);
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5, 6, 7].filter((v) => !touched.has(v)),
    [4, 7],
  );
  assert.deepEqual(
    [Array.from(d.edgeSrc), Array.from(d.edgeDst)],
    [
      [0, 1, 2, 3, 5, 0],
      [1, 2, 3, 5, 6, 6],
    ],
  );
});

test('CRLF line ends, a missing final newline or no SHA256SUMS load the same data', () => {
  const ref = readPlanetoid(fixtureCopy(TINY));
  const crlf = Object.fromEntries(
    ['features.txt', 'labels.txt', 'edges_undirected.csv'].map((f) => [f, files[f].replace(/\n/g, '\r\n')]),
  );
  const noFinal = Object.fromEntries(
    ['features.txt', 'labels.txt', 'edges_undirected.csv'].map((f) => [f, files[f].slice(0, -1)]),
  );
  assert.deepEqual(readPlanetoid(fixtureCopy(TINY, crlf)), ref);
  assert.deepEqual(readPlanetoid(fixtureCopy(TINY, noFinal)), ref);
  assert.deepEqual(readPlanetoid(fixtureCopy(TINY, {}, 'drop')), ref);
});

// [what, file, edited text, line named, message]. SHA256SUMS is regenerated for each edit, so the
// validation itself must catch it.
const L = files['labels.txt'];
const F = files['features.txt'];
const E = files['edges_undirected.csv'];
const MALFORMED: [string, string, string, number | undefined, RegExp][] = [
  [
    'a deleted label line (labels would shift)',
    'labels.txt',
    withLine(L, 5, undefined),
    9,
    /7 node lines.*num_nodes 8/,
  ],
  ['label x', 'labels.txt', withLine(L, 3, 'x'), 3, /'x' is not an integer/],
  ['label 3.7', 'labels.txt', withLine(L, 3, '3.7'), 3, /'3.7' is not an integer/],
  ['label past the classes', 'labels.txt', withLine(L, 3, '3'), 3, /3 is outside \[-1, 2\]/],
  ['label -5', 'labels.txt', withLine(L, 3, '-5'), 3, /-5 is outside \[-1, 2\]/],
  ['a blank label', 'labels.txt', withLine(L, 3, ''), 3, /one class per line/],
  ['two labels on a line', 'labels.txt', withLine(L, 3, '1 2'), 3, /one class per line/],
  [
    'an unlabeled node in the test split',
    'labels.txt',
    withLine(L, 8, '-1'),
    8,
    /node 6 is unlabeled \(-1\) but in the test split of split.json/,
  ],
  ['feature index = width', 'features.txt', withLine(F, 2, '0 5'), 2, /5 is outside \[0, 4\]/],
  ['feature index -3', 'features.txt', withLine(F, 2, '0 -3'), 2, /-3 is outside \[0, 4\]/],
  ['feature token a', 'features.txt', withLine(F, 2, '0 a'), 2, /'a' is not an integer/],
  ['feature listed twice', 'features.txt', withLine(F, 2, '1 1'), 2, /1 is listed twice/],
  ['comma-separated features', 'features.txt', withLine(F, 2, '0,2'), 2, /comma/],
  [
    "a feature-less node's blank line deleted (rows would shift)",
    'features.txt',
    withLine(F, 4, undefined),
    9,
    /7 node lines/,
  ],
  ['an extra feature line', 'features.txt', `${F}1\n`, 10, /9 node lines/],
  ['edge to node 8 of 8', 'edges_undirected.csv', withLine(E, 2, '0,8'), 2, /8 is outside \[0, 7\]/],
  ['edge to node -1', 'edges_undirected.csv', withLine(E, 2, '-1,3'), 2, /-1 is outside \[0, 7\]/],
  ['edge token x', 'edges_undirected.csv', withLine(E, 2, '0,x'), 2, /'x' is not an integer/],
  ['edge u > v', 'edges_undirected.csv', withLine(E, 2, '1,0'), 2, /u < v/],
  ['self-loop', 'edges_undirected.csv', withLine(E, 3, '2,2'), 3, /u < v/],
  ['edge listed twice', 'edges_undirected.csv', `${E}0,1\n`, 8, /listed twice/],
  ['space-separated edge', 'edges_undirected.csv', withLine(E, 2, '0 1'), 2, /expected 'u,v'/],
  ['missing header', 'edges_undirected.csv', withLine(E, 1, undefined), 1, /expected 'src,dst'/],
  ['split index 9999', 'split.json', splitWith({ train: [0, 1, 9999] }), 1, /train\[2\].*9999 is not a node index/],
  ['split index 0.5', 'split.json', splitWith({ train: [0, 0.5] }), 1, /train\[1\].*0.5 is not a node index/],
  ['split index -1', 'split.json', splitWith({ val: [3, -1] }), 1, /val\[1\].*-1 is not a node index/],
  ['split index repeated', 'split.json', splitWith({ train: [0, 1, 1] }), 1, /train\[2\].*node 1 is already in train/],
  ['splits overlapping', 'split.json', splitWith({ val: [3, 0] }), 1, /val\[1\].*node 0 is already in train/],
  ['num_nodes a string', 'split.json', splitWith({ num_nodes: '8' }), 1, /num_nodes.*integer/],
  ['num_features too large to allocate', 'split.json', splitWith({ num_features: 2 ** 30 }), 1, /num_features.*GiB/],
  ['a split missing', 'split.json', splitWith({ test: undefined }), undefined, /test.*array/],
  ['truncated JSON', 'split.json', files['split.json'].slice(0, 40), 1, /JSON/],
];
for (const [what, file, text, line, message] of MALFORMED) {
  test(`refused, naming ${file} and the line: ${what}`, () =>
    refuses(fixtureCopy(TINY, { [file]: text }), file, line, message));
}

test('an unlabeled node in a split is refused at its labels.txt line', () => {
  refuses(
    fixtureCopy(TINY, { 'split.json': splitWith({ test: [6, 7, 4] }) }),
    'labels.txt',
    6,
    /node 4 is unlabeled \(-1\) but in the test split of split.json/,
  );
});

test('SHA256SUMS: an edit that keeps every count is caught by the checksum, naming the file', () => {
  const swapped = withLine(withLine(F, 2, F.split('\n')[2]), 3, F.split('\n')[1]);
  refuses(fixtureCopy(TINY, { 'features.txt': swapped }, 'keep'), 'features.txt', undefined, /SHA256SUMS line 1 says/);
});

test('SHA256SUMS itself is validated: malformed lines, listed files missing, read files unlisted', () => {
  const sums = files.SHA256SUMS;
  refuses(
    fixtureCopy(TINY, { SHA256SUMS: withLine(sums, 2, 'e0bc  labels.txt') }, 'keep'),
    'SHA256SUMS',
    2,
    /64 hex digits/,
  );
  refuses(
    fixtureCopy(TINY, { 'labels.txt': undefined }, 'keep'),
    'SHA256SUMS',
    2,
    /lists labels.txt, which is missing/,
  );
  refuses(
    fixtureCopy(TINY, { SHA256SUMS: withLine(sums, 3, undefined) }, 'keep'),
    'SHA256SUMS',
    undefined,
    /edges_undirected.csv is read but not listed/,
  );
});

test('SHA256SUMS is checked once per file version: the verdict is remembered in the cache', () => {
  const dir = fixtureCopy(TINY);
  const file = path.join(dir, 'features.txt');
  const when = new Date('2024-01-01T00:00:00Z');
  fs.utimesSync(file, when, when);
  readPlanetoid(dir);
  // Same size, same mtime, same inode: the remembered verdict is used, so this edit is not re-hashed...
  fs.writeFileSync(file, F.replace('\n0 2\n', '\n0 3\n'));
  fs.utimesSync(file, when, when);
  assert.equal(readPlanetoid(dir).features[3], 0.5, 'the edit loads, so the file was not hashed again');
  // ...while a new version (new mtime) is hashed again and refused.
  fs.utimesSync(file, when, new Date('2024-01-02T00:00:00Z'));
  refuses(dir, 'features.txt', undefined, /SHA256SUMS line 1 says/);
});

test('an unreadable remembered verdict only means hashing again', () => {
  const dir = fixtureCopy(TINY);
  const ref = readPlanetoid(dir);
  const store = path.join(process.env.PINLAB_CACHE_DIR!, 'checksums');
  for (const f of fs.readdirSync(store)) fs.writeFileSync(path.join(store, f), 'null');
  assert.deepEqual(readPlanetoid(dir), ref);
});
