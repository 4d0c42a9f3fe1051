import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { readPlanetoid } from '../../../lib/data/datasets/planetoid';
import { PinlabInputError } from '../../../lib/errors';
import { bothDirections } from '../../../lib/data/link-split';
import { gatPaperEncoder, trainNodeClassifier } from '../../../lib/models/gnn/node-classifier';
import { GraphEncoder } from '../../../lib/nn/graph-encoder';
import { messageGraph } from '../../../lib/nn/message-graph';
import { sparseFeatures } from '../../../lib/nn/sparse-features';
import { Rng } from '../../../lib/random/rng';
import { chooseBackend } from '../../../lib/tf';
import { fixtureCopy, useTempCache } from '../../support/data-fixture';

useTempCache();
before(async () => {
  await chooseBackend({ log: () => {} });
});

function tinyTask() {
  const d = readPlanetoid(fixtureCopy('planetoid-tiny'));
  const both = bothDirections({ src: d.edgeSrc, dst: d.edgeDst });
  return {
    d,
    task: {
      features: sparseFeatures(d.features, d.numNodes, d.numFeatures),
      graph: messageGraph(both.src, both.dst, d.numNodes),
      labels: d.labels,
      numClasses: d.numClasses,
      train: d.train,
      val: d.val,
      test: d.test,
    },
  };
}

test('GAT node classification runs on the tiny Planetoid fixture (isolated, feature-less and unlabeled nodes)', async () => {
  const { d, task } = tinyTask();
  const encoder = new GraphEncoder(gatPaperEncoder(d.numFeatures, d.numClasses), new Rng(0).fork('init'));
  const r = await trainNodeClassifier(encoder, task, { seed: 0, maxEpochs: 5 });
  // Accuracy over 2 val / 2 test nodes: the unlabeled node 4 counts nowhere.
  assert.ok([0, 0.5, 1].includes(r.valAcc) && [0, 0.5, 1].includes(r.testAcc), `${r.valAcc} ${r.testAcc}`);
  tf.dispose(Object.values(encoder.variables()));
});

test('the node classifier refuses a split holding an unlabeled node (it would enter the loss as class-less)', async () => {
  const { d, task } = tinyTask();
  const encoder = new GraphEncoder(gatPaperEncoder(d.numFeatures, d.numClasses), new Rng(0).fork('init'));
  await assert.rejects(
    trainNodeClassifier(encoder, { ...task, test: Int32Array.from([6, 7, 4]) }, { seed: 0, maxEpochs: 1 }),
    (e: unknown) =>
      e instanceof PinlabInputError && e.field === 'test' && e.index === 2 && /node 4 has label -1/.test(e.message),
  );
  tf.dispose(Object.values(encoder.variables()));
});
