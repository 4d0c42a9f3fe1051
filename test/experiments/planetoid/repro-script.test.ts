import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Rng } from '../../../lib/random/rng';
import { tempDir } from '../../support/data-fixture';

/**
 * A planted-partition data set in the Planetoid layout: 3 communities of 20 nodes, features drawn
 * mostly from the community's block of 4, edges mostly within communities. Node 59 is unlabeled,
 * node 58 has no features, node 57 no edges.
 */
function writeSynthetic(dir: string): void {
  const rng = new Rng(7);
  const N = 60;
  const comm = (i: number) => Math.floor(i / 20);
  const features = Array.from({ length: N }, (_, i) => {
    if (i === 58) return '';
    const cols = new Set<number>();
    while (cols.size < 3)
      cols.add(rng.next() < 0.8 ? 4 * comm(i) + Math.floor(rng.next() * 4) : Math.floor(rng.next() * 12));
    return [...cols].join(' ');
  });
  const edges: string[] = [];
  for (let u = 0; u < N; u++) {
    for (let v = u + 1; v < N; v++) {
      if (u !== 57 && v !== 57 && rng.next() < (comm(u) === comm(v) ? 0.3 : 0.02)) edges.push(`${u},${v}`);
    }
  }
  const labels = Array.from({ length: N }, (_, i) => (i === 59 ? -1 : comm(i)));
  const order = rng.shuffle(Array.from({ length: 59 }, (_, i) => i));
  const split = {
    num_nodes: N,
    num_features: 12,
    num_classes: 3,
    train: order.slice(0, 15),
    val: order.slice(15, 30),
    test: order.slice(30),
  };
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'features.txt'), `# synthetic\n${features.join('\n')}\n`);
  fs.writeFileSync(path.join(dir, 'labels.txt'), `${labels.join('\n')}\n`);
  fs.writeFileSync(path.join(dir, 'edges_undirected.csv'), `src,dst\n${edges.join('\n')}\n`);
  fs.writeFileSync(path.join(dir, 'split.json'), JSON.stringify(split));
}

test('repro:planetoid on a synthetic Planetoid-layout data set prints and records the same numbers', () => {
  const data = tempDir();
  const cache = tempDir();
  writeSynthetic(path.join(data, 'synthetic'));
  const script = path.join(__dirname, '..', '..', '..', 'scripts', 'repro-planetoid.ts');
  const run = spawnSync(process.execPath, ['--import', 'tsx', script, '--dataset', 'synthetic', '--seeds', '1'], {
    env: { ...process.env, PINLAB_DATA_DIR: data, PINLAB_CACHE_DIR: cache },
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
  const record = JSON.parse(fs.readFileSync(path.join(cache, 'repro_planetoid_synthetic.json'), 'utf8'));
  const { nodeClassification: nc, linkPrediction: lp } = record;
  const { gcn, gat } = lp.encoders;
  assert.deepEqual(record.seeds, [0]);
  assert.deepEqual([nc.values, nc.std, gcn.auc.values, gcn.auc.std], [[nc.mean], 0, [gcn.auc.mean], 0]);
  // Issue 13's shape: linkPrediction.auc / .ap are numbers, the GAE (GCN) means.
  assert.deepEqual([lp.auc, lp.ap], [gcn.auc.mean, gcn.ap.mean]);
  // Three well-separated communities: both tasks well above chance (accuracy 1/3, AUC and AP 0.5).
  // One seed on 60 nodes (10 test edges): measured accuracy 1; GAT encoder AUC 0.725, AP 0.697; GAE (GCN)
  // AUC 0.673, AP 0.661. The floors sit below those; the GAE's clear margin over chance is checked on a
  // larger planted partition in test/models/gnn/training.test.ts.
  assert.ok(nc.mean > 0.6 && gat.auc.mean > 0.65 && gat.ap.mean > 0.65, JSON.stringify(record));
  assert.ok(lp.auc > 0.6 && lp.ap > 0.6, JSON.stringify(record));
  const pct = (x: number) => (100 * x).toFixed(1);
  assert.match(run.stdout, new RegExp(`synthetic link prediction, GAT encoder: +AUC ${pct(gat.auc.mean)}`));
  assert.match(run.stdout, new RegExp(`synthetic GAT test accuracy: ${pct(nc.mean)} ± ${pct(nc.std)} %\\n`));
  assert.match(
    run.stdout,
    new RegExp(`synthetic link prediction, GAE \\(GCN encoder\\): AUC ${pct(lp.auc)} ± 0.0  AP ${pct(lp.ap)} ± 0.0`),
  );
});

test('npm run repro:planetoid refuses a bad command line with its usage, before loading anything', () => {
  const script = path.join(__dirname, '..', '..', '..', 'scripts', 'repro-planetoid.ts');
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8' });
  assert.match(run().stderr, /usage: npm run repro:planetoid -- --dataset NAME/);
  const bad = run('--dataset', 'cora', '--seeds', '2.5');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--seeds must be a positive integer, got '2.5'/);
});
