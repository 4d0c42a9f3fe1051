import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateWorld } from '../../lib/data/world/generate';
import { temporalLinkSplit } from '../../lib/graph/split';
import { splitFromPairs } from '../../lib/data/datasets/gowalla';
import { splitFingerprint, trainedModelFile } from '../../lib/train/trained-cache';

const world = generateWorld({ seed: 3, scale: 0.02 });
const split = temporalLinkSplit(world, { seed: 3 });

test('trainedModelFile: one file per world, split, options and seed; option order and callbacks do not matter', () => {
  const o = { seed: 1, maxEpochs: 5, miniBatch: { batchSize: 64, fanout: [10, 5] } };
  const file = (options: object, w = world, s = split) =>
    trainedModelFile('m', { world: w, splits: [s], options }, 'ckpt', '/c');
  const base = file(o);
  assert.match(base, /^\/c\/m\/[0-9a-f]{16}\.ckpt$/);
  assert.equal(file({ miniBatch: { fanout: [10, 5], batchSize: 64 }, maxEpochs: 5, seed: 1, onEpoch: () => {} }), base);
  assert.equal(file({ ...o, extra: undefined }), base, 'an undefined option is no option');
  const others = [
    file({ ...o, seed: 2 }),
    file({ ...o, miniBatch: { batchSize: 64, fanout: [10, 4] } }),
    file(o, generateWorld({ seed: 4, scale: 0.02 })),
    file(o, world, temporalLinkSplit(world, { seed: 3, valStart: 0.6 })),
    trainedModelFile('other', { world, splits: [split], options: o }, 'ckpt', '/c'),
    trainedModelFile('m', { world, splits: [split], options: o, version: 99 }, 'ckpt', '/c'),
  ];
  for (const f of others) assert.notEqual(f, base);
});

test('splitFingerprint reads the content of temporal and implicit splits', () => {
  assert.equal(splitFingerprint(split), splitFingerprint(temporalLinkSplit(world, { seed: 3 })));
  assert.notEqual(splitFingerprint(split), splitFingerprint(temporalLinkSplit(world, { seed: 3, pool: 'all' })));
  const a = splitFromPairs(world.users.count, world.items.count, split.train, split.test);
  const b = splitFromPairs(world.users.count, world.items.count, split.train, split.val);
  assert.equal(
    splitFingerprint(a),
    splitFingerprint(splitFromPairs(world.users.count, world.items.count, split.train, split.test)),
  );
  assert.notEqual(splitFingerprint(a), splitFingerprint(b));
});
