import * as path from 'node:path';
import { findRealDataset } from '../../io/paths';
import { verifySha256Sums } from './sha256-sums';
import { failAt, intToken, readText, splitLines, tokens, type TextLines } from './text-file';

/**
 * A node-classification data set in the plain-text Planetoid layout (Cora: 2 708 nodes, 1 433
 * features, 7 classes, the public split).
 */
export interface Planetoid {
  readonly numNodes: number;
  readonly numFeatures: number;
  readonly numClasses: number;
  /**
   * Row-normalised bag-of-words features, [numNodes × numFeatures] row-major (PyG's
   * NormalizeFeatures); a node without features is a zero row.
   */
  readonly features: Float32Array;
  /** Class of each node; −1 = unlabeled (in no split, so never in a loss or a metric). */
  readonly labels: Int32Array;
  /** Undirected edges u < v, deduplicated, no self-loops (Cora: 5 278). Nodes may be isolated. */
  readonly edgeSrc: Int32Array;
  readonly edgeDst: Int32Array;
  readonly train: Int32Array;
  readonly val: Int32Array;
  readonly test: Int32Array;
}

/** The files the loader reads (graph_adjlist.txt, the raw adjacency, is only checksummed). */
export const PLANETOID_FILES = ['split.json', 'features.txt', 'labels.txt', 'edges_undirected.csv'] as const;

const SPLITS = ['train', 'val', 'test'] as const;

/** The dense feature matrix is capped at 1 GiB (Cora needs 16 MB), so a mistyped size is refused, not allocated. */
const MAX_FEATURE_CELLS = 2 ** 28;

interface SplitJson {
  numNodes: number;
  numFeatures: number;
  numClasses: number;
  indices: Record<(typeof SPLITS)[number], Int32Array>;
}

/** The 1-based line of `text` holding the first occurrence of `"key"`, so split.json errors point somewhere. */
function lineOfKey(text: string, key: string): number | undefined {
  const at = text.indexOf(`"${key}"`);
  return at < 0 ? undefined : text.slice(0, at).split('\n').length;
}

function readSplit(file: string): SplitJson {
  const text = readText(file);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const pos = /position (\d+)/.exec((e as Error).message);
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : undefined;
    return failAt(file, line, 'JSON', (e as Error).message);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) failAt(file, 1, 'JSON', 'is not an object');
  const obj = json as Record<string, unknown>;
  const count = (key: string, min: number): number => {
    const v = obj[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > 2 ** 31 - 1) {
      failAt(file, lineOfKey(text, key), key, `must be an integer >= ${min}, got ${JSON.stringify(v)}`);
    }
    return v;
  };
  const numNodes = count('num_nodes', 1);
  const numFeatures = count('num_features', 1);
  const numClasses = count('num_classes', 1);
  if (numNodes * numFeatures > MAX_FEATURE_CELLS) {
    const gib = ((4 * numNodes * numFeatures) / 2 ** 30).toFixed(1);
    failAt(
      file,
      lineOfKey(text, 'num_features'),
      'num_features',
      `num_nodes × num_features needs ${gib} GiB of dense features`,
    );
  }
  const owner = new Map<number, string>();
  const indices = {} as SplitJson['indices'];
  for (const key of SPLITS) {
    const v = obj[key];
    const line = lineOfKey(text, key);
    if (!Array.isArray(v))
      failAt(file, line, key, `must be an array of node indices, got ${JSON.stringify(v)?.slice(0, 40)}`);
    indices[key] = Int32Array.from(v, (x: unknown, i) => {
      if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x >= numNodes) {
        failAt(file, line, `${key}[${i}]`, `${JSON.stringify(x)} is not a node index in [0, ${numNodes - 1}]`);
      }
      const other = owner.get(x);
      if (other !== undefined) failAt(file, line, `${key}[${i}]`, `node ${x} is already in ${other}`);
      owner.set(x, key);
      return x;
    });
  }
  return { numNodes, numFeatures, numClasses, indices };
}

/** Fails unless the file has exactly one line per node. */
function requireNodeLines(t: TextLines, split: SplitJson, splitFile: string): void {
  if (t.lines.length !== split.numNodes) {
    const line = t.firstLine + Math.min(t.lines.length, split.numNodes);
    failAt(
      t.file,
      line,
      'lines',
      `${t.lines.length} node lines, but ${path.basename(splitFile)} says num_nodes ${split.numNodes}`,
    );
  }
}

function readFeatures(file: string, split: SplitJson, splitFile: string): Float32Array {
  const t = splitLines(readText(file), file, true);
  requireNodeLines(t, split, splitFile);
  const F = split.numFeatures;
  const features = new Float32Array(split.numNodes * F);
  const seen = new Int32Array(F).fill(-1);
  t.lines.forEach((l, i) => {
    const cols = tokens(l).map((tok) => intToken(tok, 0, F - 1, file, t.firstLine + i, 'feature index'));
    for (const c of cols) {
      if (seen[c] === i) failAt(file, t.firstLine + i, 'feature index', `${c} is listed twice`);
      seen[c] = i;
      features[i * F + c] = 1 / cols.length;
    }
  });
  return features;
}

/** Labels, and that every node of a split has one (an unlabeled node in a split would enter a loss or metric). */
function readLabels(file: string, split: SplitJson, splitFile: string): Int32Array {
  const t = splitLines(readText(file), file, true);
  requireNodeLines(t, split, splitFile);
  const labels = Int32Array.from(t.lines, (l, i) => {
    const tok = tokens(l);
    if (tok.length !== 1)
      failAt(file, t.firstLine + i, 'label', `expected one class per line, got '${l.slice(0, 40)}'`);
    return intToken(tok[0], -1, split.numClasses - 1, file, t.firstLine + i, 'label');
  });
  for (const key of SPLITS) {
    for (const i of split.indices[key]) {
      if (labels[i] < 0) {
        failAt(
          file,
          t.firstLine + i,
          'label',
          `node ${i} is unlabeled (-1) but in the ${key} split of ${path.basename(splitFile)}`,
        );
      }
    }
  }
  return labels;
}

function readEdges(file: string, numNodes: number): { src: Int32Array; dst: Int32Array } {
  const t = splitLines(readText(file), file, false);
  if (t.lines[0] !== 'src,dst')
    failAt(file, 1, 'header', `expected 'src,dst', got '${(t.lines[0] ?? '').slice(0, 40)}'`);
  const m = t.lines.length - 1;
  const src = new Int32Array(m);
  const dst = new Int32Array(m);
  const seen = new Set<number>();
  for (let e = 0; e < m; e++) {
    const line = t.firstLine + e + 1;
    const cols = t.lines[e + 1].split(',');
    if (cols.length !== 2) failAt(file, line, 'edge', `expected 'u,v', got '${t.lines[e + 1].slice(0, 40)}'`);
    const [u, v] = cols.map((c) => intToken(c, 0, numNodes - 1, file, line, 'edge endpoint'));
    if (u >= v) failAt(file, line, 'edge', `${u},${v}: the format lists each undirected edge once as u < v`);
    if (seen.has(u * numNodes + v)) failAt(file, line, 'edge', `${u},${v} is listed twice`);
    seen.add(u * numNodes + v);
    src[e] = u;
    dst[e] = v;
  }
  return { src, dst };
}

/**
 * Reads a data set in the plain-text Planetoid layout from `dir` (see shared/data/cora/SOURCE.txt):
 * features.txt (line i = node i: space-separated indices of its 1-valued features; a blank line
 * is a node without features), labels.txt (line i = class of node i, −1 = unlabeled), both after
 * an optional `#` header; edges_undirected.csv (`src,dst`, then `u,v` with u < v, each edge once);
 * split.json (num_nodes, num_features, num_classes and disjoint train/val/test node lists, all
 * labeled). Checks SHA256SUMS when shipped. Anything malformed throws `PinlabInputError` naming
 * the file, the line and what is wrong.
 */
export function readPlanetoid(dir: string): Planetoid {
  verifySha256Sums(dir, PLANETOID_FILES);
  const splitFile = path.join(dir, 'split.json');
  const split = readSplit(splitFile);
  const features = readFeatures(path.join(dir, 'features.txt'), split, splitFile);
  const labels = readLabels(path.join(dir, 'labels.txt'), split, splitFile);
  const edges = readEdges(path.join(dir, 'edges_undirected.csv'), split.numNodes);
  return {
    numNodes: split.numNodes,
    numFeatures: split.numFeatures,
    numClasses: split.numClasses,
    features,
    labels,
    edgeSrc: edges.src,
    edgeDst: edges.dst,
    ...split.indices,
  };
}

/**
 * Loads the Planetoid-layout data set `name` (e.g. 'cora') from the real-data folder, or returns
 * the reason it is absent so callers can skip with a message.
 */
export function loadPlanetoid(name: string): { data: Planetoid; reason?: undefined } | { data: null; reason: string } {
  const found = findRealDataset(name);
  if (found.dir === null) return { data: null, reason: found.reason };
  return { data: readPlanetoid(found.dir) };
}
