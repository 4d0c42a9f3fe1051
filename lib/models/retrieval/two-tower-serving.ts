import * as tf from '@tensorflow/tfjs';
import { PinlabInputError } from '../../errors';
import type { FeatureStore } from '../../features/feature-store';
import type { SequentialTwoTower } from './two-tower';

const read = (v: tf.Variable): Float32Array => Float32Array.from(v.dataSync() as Float32Array);

/**
 * The request-time half of the user tower, in plain TypeScript (no TF.js dispatch per request):
 * reads the user's stored history embedding h_u(τ) from the feature store (the latest version at
 * or before the request's snapshot), applies the trained MLP to [h, E_age, context embedding],
 * and L2-normalises — the same function as `SequentialTwoTower.query`, on copied weights.
 * Implements the simulator's `QueryEncoder`.
 */
export class RequestTimeQueryEncoder {
  readonly dim: number;
  private readonly D: number;
  private readonly input: Float32Array;
  private readonly hidden: Float32Array;
  private readonly age: Float32Array;
  private readonly token: Float32Array;
  private readonly category: Float32Array;
  private readonly tokenCategory: Int32Array;
  private readonly w1: Float32Array;
  private readonly b1: Float32Array;
  private readonly w2: Float32Array;
  private readonly b2: Float32Array;
  private readonly ageDim: number;

  constructor(
    readonly model: SequentialTwoTower,
    readonly store: FeatureStore,
  ) {
    if (store.dim !== model.dModel)
      throw new PinlabInputError('store', `dim ${store.dim} differs from the model's dModel ${model.dModel}`);
    this.dim = model.outDim;
    this.D = model.dModel;
    this.age = read(model.ageEmbedding);
    this.ageDim = model.ageEmbedding.shape[1] as number;
    this.token = read(model.encoder.tokenEmbedding);
    // The two-tower always gives its encoder token categories.
    this.category = read(model.encoder.categoryEmbedding!);
    this.tokenCategory = model.encoder.config.tokenCategory!;
    this.w1 = read(model.qW1);
    this.b1 = read(model.qb1);
    this.w2 = read(model.qW2);
    this.b2 = read(model.qb2);
    this.input = new Float32Array(model.qW1.shape[0] as number);
    this.hidden = new Float32Array(this.b1.length);
  }

  encode(request: { user: number; time: number; contextItem: number }, out: Float32Array): void {
    const { D, input, hidden } = this;
    const version = this.store.latestAtOrBefore(this.model.versionAt(request.time));
    if (version < 0)
      throw new PinlabInputError(
        'time',
        `no stored snapshot at or before version ${this.model.versionAt(request.time)} in '${this.store.name}'`,
      );
    this.store.read(request.user, version, input, 0);
    const g = this.model.world.users.ageGroup[request.user];
    input.set(this.age.subarray(g * this.ageDim, (g + 1) * this.ageDim), D);
    if (this.model.useContext) {
      const t = this.model.contextToken(request.contextItem);
      const c = this.tokenCategory[t];
      const o = D + this.ageDim;
      for (let k = 0; k < D; k++) input[o + k] = this.token[t * D + k] + this.category[c * D + k];
    }
    const H = hidden.length;
    hidden.set(this.b1);
    for (let i = 0; i < input.length; i++) {
      const x = input[i];
      for (let j = 0, w = i * H; j < H; j++) hidden[j] += x * this.w1[w + j];
    }
    for (let j = 0; j < H; j++) if (hidden[j] < 0) hidden[j] = 0;
    const O = this.dim;
    out.set(this.b2);
    for (let j = 0; j < H; j++) {
      const h = hidden[j];
      if (h === 0) continue;
      for (let k = 0, w = j * O; k < O; k++) out[k] += h * this.w2[w + k];
    }
    let norm = 0;
    for (let k = 0; k < O; k++) norm += out[k] * out[k];
    norm = Math.sqrt(norm) || 1;
    for (let k = 0; k < O; k++) out[k] /= norm;
  }
}
