import * as tf from '@tensorflow/tfjs';
import { PinlabInputError, requireInt } from '../../errors';
import { Rng } from '../../random/rng';
import type { ScoreSource } from '../../retrieval/topk';
import type { LinkInputs, LinkModel } from './link-model';
import { readInPlace } from '../../tf/kernels/io';

/**
 * A trained link model as a user × item `ScoreSource` (full-ranking evaluation, exact top-K): every
 * node is embedded once in evaluation mode, then each block of users is scored against every item
 * by the decoder (`RelevanceLinkPredictor.blockLogits`). Users are nodes 0 … numUsers − 1 and item
 * i is node itemOffset + i, as in the ad-relevance task. Scores are logits (rank-equivalent to
 * P(link)). Call `dispose()` when done: the embeddings live on the tf backend.
 */
export class LinkModelScores implements ScoreSource {
  private readonly users: tf.Tensor2D;
  private readonly items: tf.Tensor2D;

  constructor(
    private readonly model: LinkModel,
    task: LinkInputs,
    readonly numUsers: number,
    itemOffset: number,
    readonly numItems: number,
    /** Users per decoder call: its intermediate is numItems × subBlock × hidden floats. */
    private readonly subBlock = 16,
  ) {
    requireInt('numUsers', numUsers, 1);
    requireInt('itemOffset', itemOffset, numUsers);
    requireInt('numItems', numItems, 1);
    requireInt('subBlock', subBlock, 1);
    const z = tf.tidy(() => model.embed(task, { training: false, rng: new Rng(0) }));
    if (z.shape[0] < itemOffset + numItems) {
      z.dispose();
      throw new PinlabInputError('task', `embeds ${z.shape[0]} nodes, items need ${itemOffset + numItems}`);
    }
    this.users = tf.keep(tf.slice(z, [0, 0], [numUsers, -1]));
    this.items = tf.keep(tf.slice(z, [itemOffset, 0], [numItems, -1]));
    z.dispose();
  }

  scoreBlock(users: Int32Array, out: Float32Array): void {
    const n = this.numItems;
    if (out.length < users.length * n)
      throw new PinlabInputError('out', `has ${out.length} floats, needs ${users.length * n}`);
    for (let start = 0; start < users.length; start += this.subBlock) {
      const ids = users.subarray(start, Math.min(users.length, start + this.subBlock));
      for (let r = 0; r < ids.length; r++) {
        if (!(ids[r] >= 0 && ids[r] < this.numUsers))
          throw new PinlabInputError('users', `must be in [0, ${this.numUsers}), got ${ids[r]}`, start + r);
      }
      const logits = tf.tidy(() =>
        this.model.decoder.blockLogits(tf.gather(this.users, tf.tensor1d(ids, 'int32')), this.items),
      );
      // Read outside tidy (dataSync inside tidy measured 20–30× slower on wasm), in place on the heap.
      out.set(readInPlace(logits), start * n);
      logits.dispose();
    }
  }

  /** Logits of individual (user, item) pairs, e.g. for ROC-AUC on labelled pairs. */
  pairScores(users: ArrayLike<number>, items: ArrayLike<number>): Float64Array {
    if (users.length !== items.length)
      throw new PinlabInputError('items', `length ${items.length} differs from users' ${users.length}`);
    for (let k = 0; k < users.length; k++) {
      if (!(users[k] >= 0 && users[k] < this.numUsers && items[k] >= 0 && items[k] < this.numItems))
        throw new PinlabInputError('pairs', `(${users[k]}, ${items[k]}) out of range`, k);
    }
    const logits = tf.tidy(() => {
      // Users, then items, in one table: pair k is (users[k], numUsers + items[k]).
      const z = tf.concat([this.users, this.items], 0) as tf.Tensor2D;
      const src = tf.tensor1d(Int32Array.from(users), 'int32');
      const dst = tf.tensor1d(
        Int32Array.from(items, (i) => this.numUsers + i),
        'int32',
      );
      return this.model.decoder.logits(z, src, dst);
    });
    const out = Float64Array.from(logits.dataSync());
    logits.dispose();
    return out;
  }

  dispose(): void {
    this.users.dispose();
    this.items.dispose();
  }
}
