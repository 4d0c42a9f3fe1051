import * as path from 'node:path';
import type { ItemSequences } from '../types';
import { findRealDataset } from '../../io/paths';
import { verifySha256Sums } from './sha256-sums';
import { failAt, intToken, readText, splitLines, tokens } from './text-file';

/** The folder name under the real-data folder and its published sizes (SASRec's Video.txt). */
export const AMAZON_GAMES = 'amazon-games';
export const AMAZON_GAMES_COUNTS = { users: 31013, items: 23715, interactions: 287107 } as const;
export type AmazonGamesCounts = Record<keyof typeof AMAZON_GAMES_COUNTS, number>;

/** The one file the loader reads. */
export const AMAZON_GAMES_FILES = ['interactions.txt'] as const;

const MAX_ID = 2 ** 31 - 1;

/**
 * Parses SASRec's interaction format: one `user item` line per interaction, 1-based ids, space (or
 * tab) separated, each user's lines contiguous and in time order; blank lines carry nothing. User
 * ids must run 1..N without gaps (a missing user is a deleted block of lines); the item count is
 * the largest item id. An item may repeat within a user (a re-purchase is a valid sequence).
 * Returns 0-based ids. Anything malformed throws `PinlabInputError` naming `file`, line and what.
 */
export function sequencesFromText(text: string, file: string): ItemSequences {
  const t = splitLines(text, file, false);
  const users: number[][] = [];
  const firstLine: number[] = [];
  let current = -1;
  let numItems = 0;
  t.lines.forEach((l, k) => {
    const tok = tokens(l);
    if (tok.length === 0) return;
    const line = t.firstLine + k;
    if (tok.length !== 2) failAt(file, line, 'line', `${tok.length} fields, expected 2 ('user item')`);
    const user = intToken(tok[0], 1, MAX_ID, file, line, 'user') - 1;
    const item = intToken(tok[1], 1, MAX_ID, file, line, 'item') - 1;
    if (user !== current) {
      if (users[user] !== undefined) {
        failAt(file, line, 'user', `user ${user + 1}'s lines are not contiguous (it also starts on line ${firstLine[user]})`);
      }
      users[user] = [];
      firstLine[user] = line;
      current = user;
    }
    users[user].push(item);
    numItems = Math.max(numItems, item + 1);
  });
  // A sparse array's holes are skipped by every iteration method, so look each id up.
  for (let u = 0; u < users.length; u++) {
    if (users[u] === undefined) failAt(file, undefined, 'user', `user ${u + 1} has no lines (ids must run 1..${users.length})`);
  }
  return { numUsers: users.length, numItems, sequences: users.map((s) => Int32Array.from(s)) };
}

/**
 * Reads a folder in the amazon-games layout (`interactions.txt`, see `sequencesFromText`). Checks
 * SHA256SUMS when shipped, and `expected` sizes when given (the published ones for the real set).
 */
export function readAmazonGames(dir: string, expected?: AmazonGamesCounts): ItemSequences {
  verifySha256Sums(dir, AMAZON_GAMES_FILES);
  const file = path.join(dir, AMAZON_GAMES_FILES[0]);
  const seqs = sequencesFromText(readText(file), file);
  if (expected) {
    const got: AmazonGamesCounts = {
      users: seqs.numUsers,
      items: seqs.numItems,
      interactions: seqs.sequences.reduce((n, s) => n + s.length, 0),
    };
    for (const key of Object.keys(expected) as (keyof AmazonGamesCounts)[]) {
      if (got[key] !== expected[key]) {
        failAt(file, undefined, key, `${got[key]} ${key}, expected ${expected[key]} (is the data set complete?)`);
      }
    }
  }
  return seqs;
}

/**
 * Loads `name` (default the real Amazon Games set) from the real-data folder (`findRealDataset`,
 * env `PINLAB_DATA_DIR`), or returns the reason it is absent so callers can skip with a message.
 * The published sizes are checked for the real set; another folder in the layout (a test fixture)
 * is checked by its SHA256SUMS and the format alone.
 */
export function loadAmazonGames(
  name: string = AMAZON_GAMES,
): { data: ItemSequences; reason?: undefined } | { data: null; reason: string } {
  const found = findRealDataset(name);
  if (found.dir === null) return { data: null, reason: found.reason };
  return { data: readAmazonGames(found.dir, name === AMAZON_GAMES ? AMAZON_GAMES_COUNTS : undefined) };
}
