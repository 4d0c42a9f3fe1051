import * as path from 'node:path';
import { PinlabInputError } from '../../errors';
import type { ImplicitSplit, RowSets } from '../types';
import { findRealDataset } from '../../io/paths';
import { verifySha256Sums } from './sha256-sums';
import { failAt, intToken, readText, splitLines, tokens } from './text-file';

/** The published Gowalla split sizes (NGCF / LightGCN README). */
export const GOWALLA_COUNTS = { users: 29858, items: 40981, train: 810128, test: 217242 } as const;

/** One line of an NGCF-format file: a user and its items, with where it was read. */
interface UserLine {
  readonly file: string;
  readonly line: number;
  readonly user: number;
  readonly items: readonly number[];
}

/**
 * Parses NGCF-format lines `user item item …` (one user per line, space separated; a line may
 * hold only the user; blank lines carry nothing). Ids must be integers in [0, maxUser] / [0, maxItem].
 */
function parseUserLines(text: string, file: string, maxUser: number, maxItem: number): UserLine[] {
  const t = splitLines(text, file, false);
  const out: UserLine[] = [];
  t.lines.forEach((l, k) => {
    const tok = tokens(l);
    if (tok.length === 0) return;
    const line = t.firstLine + k;
    const user = intToken(tok[0], 0, maxUser, file, line, 'user');
    out.push({ file, line, user, items: tok.slice(1).map((x) => intToken(x, 0, maxItem, file, line, 'item')) });
  });
  return out;
}

/**
 * Per-user item sets (items in file order) and the line each user came from; a user on two lines
 * or a repeated item is refused.
 */
function rowSetsOf(lines: readonly UserLine[], numUsers: number): { sets: RowSets; at: LinesByUser } {
  const at: LinesByUser = new Array(numUsers);
  for (const r of lines) {
    const prev = at[r.user];
    if (prev) {
      failAt(r.file, r.line, 'user', `user ${r.user} is also on line ${prev.line} of ${path.basename(prev.file)}`);
    }
    at[r.user] = r;
    const seen = new Set<number>();
    for (const i of r.items) {
      if (seen.has(i)) failAt(r.file, r.line, 'item', `item ${i} repeated for user ${r.user}`);
      seen.add(i);
    }
  }
  const offsets = new Int32Array(numUsers + 1);
  for (let u = 0; u < numUsers; u++) offsets[u + 1] = offsets[u] + (at[u]?.items.length ?? 0);
  const ids = new Int32Array(offsets[numUsers]);
  for (let u = 0; u < numUsers; u++) if (at[u]) ids.set(at[u]!.items, offsets[u]);
  return { sets: { offsets, ids }, at };
}

const MAX_ID = 2 ** 31 - 2;

/** Builds a split from parsed lines, sizing users from the larger user id and items from the larger item id. */
type LinesByUser = (UserLine | undefined)[];

function splitOf(
  train: UserLine[],
  test: UserLine[],
): { split: ImplicitSplit; trainAt: LinesByUser; testAt: LinesByUser } {
  let numUsers = 0;
  let numItems = 0;
  for (const r of [...train, ...test]) {
    numUsers = Math.max(numUsers, r.user + 1);
    for (const i of r.items) numItems = Math.max(numItems, i + 1);
  }
  const tr = rowSetsOf(train, numUsers);
  const te = rowSetsOf(test, numUsers);
  return { split: { numUsers, numItems, train: tr.sets, test: te.sets }, trainAt: tr.at, testAt: te.at };
}

/** Builds a split from train/test text in the NGCF format; `names` label the texts in errors. */
export function splitFromText(
  trainText: string,
  testText: string,
  names = { train: 'train', test: 'test' },
): ImplicitSplit {
  const parse = (text: string, name: string) => parseUserLines(text, name, MAX_ID, MAX_ID);
  return splitOf(parse(trainText, names.train), parse(testText, names.test)).split;
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
      const u = p.user[k],
        i = p.item[k];
      if (!(u >= 0 && u < numUsers && i >= 0 && i < numItems))
        throw new PinlabInputError(field, `pair (${u}, ${i}) outside ${numUsers} users × ${numItems} items`, k);
      sets[u].add(i);
    }
    const offsets = new Int32Array(numUsers + 1);
    sets.forEach((s, u) => (offsets[u + 1] = offsets[u] + s.size));
    const ids = new Int32Array(offsets[numUsers]);
    sets.forEach((s, u) =>
      ids.set(
        Array.from(s).sort((a, b) => a - b),
        offsets[u],
      ),
    );
    return { offsets, ids };
  };
  return { numUsers, numItems, train: rows(train, 'train'), test: rows(test, 'test') };
}

/** The files the Gowalla loader reads: `cat train_part1.txt train_part2.txt` is NGCF's train.txt. */
export const GOWALLA_FILES = ['train_part1.txt', 'train_part2.txt', 'test.txt'] as const;

/**
 * Reads a data set in Gowalla's layout from `dir`: train = train_part1.txt + train_part2.txt,
 * test = test.txt. Checks SHA256SUMS when shipped, the expected sizes (user and item ids in range,
 * pair counts) and that no (user, item) pair is in both. Anything malformed throws
 * `PinlabInputError` naming the file, the line and what is wrong.
 */
export function readGowalla(
  dir: string,
  expected: Record<keyof typeof GOWALLA_COUNTS, number> = GOWALLA_COUNTS,
): ImplicitSplit {
  verifySha256Sums(dir, GOWALLA_FILES);
  const [part1, part2, testFile] = GOWALLA_FILES.map((f) => path.join(dir, f));
  const parse = (file: string) => parseUserLines(readText(file), file, expected.users - 1, expected.items - 1);
  const { split, trainAt, testAt } = splitOf([...parse(part1), ...parse(part2)], parse(testFile));
  const trainFiles = `${GOWALLA_FILES[0]} + ${GOWALLA_FILES[1]}`;
  const checks: [keyof typeof GOWALLA_COUNTS, number, string, string][] = [
    ['users', split.numUsers, part1, `largest user id + 1 in ${trainFiles} and ${GOWALLA_FILES[2]}`],
    ['items', split.numItems, part1, `largest item id + 1 in ${trainFiles} and ${GOWALLA_FILES[2]}`],
    ['train', split.train.ids.length, part1, `(user, item) pairs in ${trainFiles}`],
    ['test', split.test.ids.length, testFile, `(user, item) pairs in ${GOWALLA_FILES[2]}`],
  ];
  for (const [key, got, file, what] of checks) {
    if (got !== expected[key]) {
      failAt(file, undefined, key, `${got} ${what}, expected ${expected[key]} (is the data set complete?)`);
    }
  }
  for (let u = 0; u < split.numUsers; u++) {
    const tr = trainAt[u];
    const both = tr && testAt[u]?.items.find((i) => tr.items.includes(i));
    if (both !== undefined) {
      const where = `${path.basename(tr!.file)} line ${tr!.line}`;
      failAt(testFile, testAt[u]!.line, 'item', `item ${both} of user ${u} is also in train (${where})`);
    }
  }
  return split;
}

/**
 * Loads Gowalla as preprocessed by NGCF/LightGCN from `findRealDataset('gowalla')` with the
 * published sizes (29 858 users, 40 981 items, 810 128 / 217 242 interactions); see readGowalla.
 * Returns null with the reason when the data is absent.
 */
export function loadGowalla(): { split: ImplicitSplit; reason?: undefined } | { split: null; reason: string } {
  const found = findRealDataset('gowalla');
  if (found.dir === null) return { split: null, reason: found.reason };
  return { split: readGowalla(found.dir) };
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
