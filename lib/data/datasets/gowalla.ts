import * as fs from 'node:fs';
import * as path from 'node:path';
import { PinlabInputError } from '../../errors';
import type { ImplicitSplit, RowSets } from '../types';
import { findRealDataset } from '../../io/paths';

/** The published Gowalla split sizes (NGCF / LightGCN README). */
export const GOWALLA_COUNTS = { users: 29858, items: 40981, train: 810128, test: 217242 } as const;

/**
 * Parses NGCF-format lines `user item item …` (one user per line, whitespace separated; a line may
 * hold only the user) into per-user item lists indexed by user id (users absent from the text get
 * empty rows). Items are kept in file order; a repeated (user, item) pair is rejected.
 */
export function parseUserItemLines(text: string, field: string, numUsers: number): RowSets {
  const rows: number[][] = Array.from({ length: numUsers }, () => []);
  const lines = text.split('\n');
  for (let ln = 0; ln < lines.length; ln++) {
    const line = lines[ln].trim();
    if (line === '') continue;
    const tok = line.split(/\s+/);
    const vals = tok.map(Number);
    vals.forEach((v, j) => {
      if (!Number.isInteger(v) || v < 0) throw new PinlabInputError(`${field} line ${ln + 1}`, `token '${tok[j]}' is not a non-negative integer`, j);
    });
    const u = vals[0];
    if (u >= numUsers) throw new PinlabInputError(`${field} line ${ln + 1}`, `user ${u} >= numUsers ${numUsers}`);
    if (rows[u].length > 0) throw new PinlabInputError(`${field} line ${ln + 1}`, `user ${u} appears on two lines`);
    const seen = new Set<number>();
    for (let j = 1; j < vals.length; j++) {
      if (seen.has(vals[j])) throw new PinlabInputError(`${field} line ${ln + 1}`, `item ${vals[j]} repeated for user ${u}`, j);
      seen.add(vals[j]);
      rows[u].push(vals[j]);
    }
  }
  const offsets = new Int32Array(numUsers + 1);
  for (let u = 0; u < numUsers; u++) offsets[u + 1] = offsets[u] + rows[u].length;
  const ids = new Int32Array(offsets[numUsers]);
  for (let u = 0; u < numUsers; u++) ids.set(rows[u], offsets[u]);
  return { offsets, ids };
}

function maxId(s: RowSets): number {
  let m = -1;
  for (let j = 0; j < s.ids.length; j++) if (s.ids[j] > m) m = s.ids[j];
  return m;
}

/** Builds a split from train/test text, sizing users from the larger user id and items from the larger item id. */
export function splitFromText(trainText: string, testText: string): ImplicitSplit {
  const lastUser = (t: string) => t.split('\n').reduce((m, l) => (l.trim() ? Math.max(m, Number(l.trim().split(/\s+/)[0])) : m), -1);
  const numUsers = Math.max(lastUser(trainText), lastUser(testText)) + 1;
  const train = parseUserItemLines(trainText, 'train', numUsers);
  const test = parseUserItemLines(testText, 'test', numUsers);
  return { numUsers, numItems: Math.max(maxId(train), maxId(test)) + 1, train, test };
}

/**
 * Builds a split from labelled (user, item) pairs (e.g. lib/graph's temporal link split): the
 * label-1 pairs of `train` and `test` become each user's item sets (repeats collapsed). Lets the
 * full-ranking protocol and the CF models run on the synthetic world exactly as on Gowalla.
 */
export function splitFromPairs(
  numUsers: number,
  numItems: number,
  train: { count: number; user: ArrayLike<number>; item: ArrayLike<number>; label: ArrayLike<number> },
  test: { count: number; user: ArrayLike<number>; item: ArrayLike<number>; label: ArrayLike<number> },
): ImplicitSplit {
  const rows = (p: typeof train, field: string): RowSets => {
    const sets: Set<number>[] = Array.from({ length: numUsers }, () => new Set());
    for (let k = 0; k < p.count; k++) {
      if (p.label[k] !== 1) continue;
      const u = p.user[k], i = p.item[k];
      if (!(u >= 0 && u < numUsers && i >= 0 && i < numItems)) throw new PinlabInputError(field, `pair (${u}, ${i}) outside ${numUsers} users × ${numItems} items`, k);
      sets[u].add(i);
    }
    const offsets = new Int32Array(numUsers + 1);
    sets.forEach((s, u) => (offsets[u + 1] = offsets[u] + s.size));
    const ids = new Int32Array(offsets[numUsers]);
    sets.forEach((s, u) => ids.set(Array.from(s).sort((a, b) => a - b), offsets[u]));
    return { offsets, ids };
  };
  return { numUsers, numItems, train: rows(train, 'train'), test: rows(test, 'test') };
}

/**
 * Loads Gowalla as preprocessed by NGCF/LightGCN from `findRealDataset('gowalla')`:
 * train = train_part1.txt + train_part2.txt (the original train.txt), test = test.txt. Checks the
 * published sizes (29 858 users, 40 981 items, 810 128 / 217 242 interactions) and that no
 * (user, item) pair is in both. Returns null with the reason when the data is absent.
 */
export function loadGowalla(): { split: ImplicitSplit; reason?: undefined } | { split: null; reason: string } {
  const found = findRealDataset('gowalla');
  if (found.dir === null) return { split: null, reason: found.reason };
  const read = (f: string) => fs.readFileSync(path.join(found.dir, f), 'utf8');
  const part1 = read('train_part1.txt');
  const trainText = part1 + (part1.endsWith('\n') ? '' : '\n') + read('train_part2.txt');
  const split = splitFromText(trainText, read('test.txt'));
  const got = { users: split.numUsers, items: split.numItems, train: split.train.ids.length, test: split.test.ids.length };
  for (const key of Object.keys(GOWALLA_COUNTS) as (keyof typeof GOWALLA_COUNTS)[]) {
    if (got[key] !== GOWALLA_COUNTS[key]) throw new Error(`gowalla: expected ${GOWALLA_COUNTS[key]} ${key}, found ${got[key]} (is the data set complete?)`);
  }
  const overlap = countOverlap(split);
  if (overlap > 0) throw new Error(`gowalla: ${overlap} (user, item) pairs are in both train and test`);
  return { split };
}

/** Number of (user, item) pairs present in both train and test. */
export function countOverlap(split: ImplicitSplit): number {
  const stamp = new Int32Array(split.numItems).fill(-1);
  let n = 0;
  for (let u = 0; u < split.numUsers; u++) {
    for (let j = split.train.offsets[u]; j < split.train.offsets[u + 1]; j++) stamp[split.train.ids[j]] = u;
    for (let j = split.test.offsets[u]; j < split.test.offsets[u + 1]; j++) if (stamp[split.test.ids[j]] === u) n++;
  }
  return n;
}
