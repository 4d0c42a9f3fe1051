import * as fs from 'node:fs';
import * as path from 'node:path';
import { PinlabInputError } from '../../errors';
import { findRealDataset } from '../../io/paths';

/** The Cora citation graph with the public Planetoid split (2 708 nodes, 1 433 features, 7 classes). */
export interface Cora {
  readonly numNodes: number;
  readonly numFeatures: number;
  readonly numClasses: number;
  /** Row-normalised bag-of-words features, [numNodes × numFeatures] row-major (PyG's NormalizeFeatures). */
  readonly features: Float32Array;
  readonly labels: Int32Array;
  /** Undirected edges u < v, deduplicated, no self-loops (5 278). */
  readonly edgeSrc: Int32Array;
  readonly edgeDst: Int32Array;
  readonly train: Int32Array;
  readonly val: Int32Array;
  readonly test: Int32Array;
}

function dataLines(file: string): string[] {
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0 && !l.startsWith('#'));
}

/**
 * Loads Cora from `findRealDataset('cora')`, or returns the reason it is absent so callers can
 * skip with a message.
 */
export function loadCora(): { data: Cora; reason?: undefined } | { data: null; reason: string } {
  const found = findRealDataset('cora');
  if (found.dir === null) return { data: null, reason: found.reason };
  const dir = found.dir;
  const split = JSON.parse(fs.readFileSync(path.join(dir, 'split.json'), 'utf8')) as {
    num_nodes: number; num_features: number; num_classes: number; train: number[]; val: number[]; test: number[];
  };
  const N = split.num_nodes;
  const F = split.num_features;
  const features = new Float32Array(N * F);
  const rows = dataLines(path.join(dir, 'features.txt'));
  if (rows.length !== N) throw new PinlabInputError('cora/features.txt', `has ${rows.length} rows, split.json says ${N}`);
  rows.forEach((line, i) => {
    const cols = line.trim().split(/\s+/).filter(Boolean).map(Number);
    for (const c of cols) features[i * F + c] = 1 / cols.length;
  });
  const labels = Int32Array.from(dataLines(path.join(dir, 'labels.txt')), Number);
  const edges = fs.readFileSync(path.join(dir, 'edges_undirected.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
  return {
    data: {
      numNodes: N, numFeatures: F, numClasses: split.num_classes, features, labels,
      edgeSrc: Int32Array.from(edges, (e) => e[0]),
      edgeDst: Int32Array.from(edges, (e) => e[1]),
      train: Int32Array.from(split.train), val: Int32Array.from(split.val), test: Int32Array.from(split.test),
    },
  };
}
