import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import {
  AMAZON_GAMES_COUNTS,
  loadAmazonGames,
  readAmazonGames,
  sequencesFromText,
} from '../../../lib/data/datasets/amazon-games';
import { PinlabInputError } from '../../../lib/errors';
import { fixtureCopy, fixtureFiles, tempDir, useTempCache, withLine } from '../../support/data-fixture';

useTempCache();
const tiny = fixtureFiles('amazon-games-tiny')['interactions.txt'];
const TINY = { users: 8, items: 10, interactions: 30 };

/** The fixture's sequences, 0-based (its SOURCE.txt describes it). */
const EXPECTED = [[0, 1, 2, 3, 4], [1, 2], [2, 3, 4, 5], [0, 4, 6, 7, 8, 9], [5, 6, 7], [9], [1, 3, 5, 7, 0, 2], [8, 7, 6]];

test('the tiny fixture loads as 0-based sequences in file order; CRLF, no final newline or no SHA256SUMS load the same', () => {
  const s = readAmazonGames(fixtureCopy('amazon-games-tiny'), TINY);
  assert.deepEqual([s.numUsers, s.numItems], [8, 10]);
  assert.deepEqual(s.sequences.map((q) => Array.from(q)), EXPECTED);
  const edit = (f: (t: string) => string) => ({ 'interactions.txt': f(tiny) });
  assert.deepEqual(readAmazonGames(fixtureCopy('amazon-games-tiny', edit((t) => t.replace(/\n/g, '\r\n'))), TINY), s);
  assert.deepEqual(readAmazonGames(fixtureCopy('amazon-games-tiny', edit((t) => t.slice(0, -1))), TINY), s);
  assert.deepEqual(readAmazonGames(fixtureCopy('amazon-games-tiny', {}, 'drop'), TINY), s);
  // Tabs separate as well as spaces; an item may repeat within a user (a re-purchase).
  assert.deepEqual(sequencesFromText('1\t2\n1 2\n', 'f').sequences.map((q) => Array.from(q)), [[1, 1]]);
});

/** Asserts the fixture with line `n` replaced (undefined: deleted) is refused naming the file, line `at` and `what`. */
function refusedLine(n: number, line: string | undefined, at: number | undefined, what: RegExp): void {
  const dir = fixtureCopy('amazon-games-tiny', { 'interactions.txt': withLine(tiny, n, line) });
  assert.throws(() => readAmazonGames(dir), (e: unknown) => {
    assert.ok(e instanceof PinlabInputError, `not a PinlabInputError: ${String(e)}`);
    assert.equal(path.basename(e.file ?? ''), 'interactions.txt', e.message);
    assert.equal(e.line, at, e.message);
    assert.match(e.message, what);
    return true;
  });
}

test('malformed lines are refused naming the file, the line and what is wrong', () => {
  refusedLine(3, '1 x', 3, /item: 'x' is not an integer/);
  refusedLine(3, '1 3.5', 3, /'3\.5' is not an integer/);
  refusedLine(3, '1 0', 3, /item: 0 is outside \[1, /);
  refusedLine(3, '0 3', 3, /user: 0 is outside \[1, /);
  refusedLine(3, '1 -3', 3, /-3 is outside/);
  refusedLine(3, '1 3 4', 3, /3 fields, expected 2/);
  refusedLine(3, '1', 3, /1 fields, expected 2/);
  refusedLine(3, '1,3', 3, /1 fields, expected 2/);
  refusedLine(3, '1 3,4', 3, /comma; the format separates values by spaces/);
  // Line 12 is user 4's first; user 1 again there splits user 1's lines.
  refusedLine(12, '1 1', 12, /user 1's lines are not contiguous \(it also starts on line 1\)/);
  // Deleting user 6's only line leaves a gap in the user ids.
  refusedLine(21, undefined, undefined, /user 6 has no lines \(ids must run 1\.\.8\)/);
});

test('a changed file is refused by SHA256SUMS, a wrong size by the expected counts', () => {
  const changed = fixtureCopy('amazon-games-tiny', { 'interactions.txt': withLine(tiny, 3, '1 9') }, 'keep');
  assert.throws(() => readAmazonGames(changed), (e: unknown) => e instanceof PinlabInputError && e.field === 'sha256');
  const dir = fixtureCopy('amazon-games-tiny');
  assert.throws(
    () => readAmazonGames(dir, { ...TINY, interactions: 31 }),
    (e: unknown) =>
      e instanceof PinlabInputError && e.field === 'interactions' && /30 interactions, expected 31/.test(e.message),
  );
});

test('loadAmazonGames: the reason when absent; a fixture folder by name; the published counts only for the real set', () => {
  const saved = process.env.PINLAB_DATA_DIR;
  try {
    const root = tempDir();
    process.env.PINLAB_DATA_DIR = root;
    const absent = loadAmazonGames();
    assert.equal(absent.data, null);
    assert.match(absent.reason ?? '', /real data set 'amazon-games' not found at .*PINLAB_DATA_DIR/);
    const fixture = fixtureCopy('amazon-games-tiny');
    process.env.PINLAB_DATA_DIR = path.dirname(fixture);
    assert.deepEqual(loadAmazonGames('amazon-games-tiny').data?.sequences.map((q) => Array.from(q)), EXPECTED);
  } finally {
    if (saved === undefined) delete process.env.PINLAB_DATA_DIR;
    else process.env.PINLAB_DATA_DIR = saved;
  }
  assert.deepEqual(AMAZON_GAMES_COUNTS, { users: 31013, items: 23715, interactions: 287107 });
});
