import * as tf from '@tensorflow/tfjs';
import { requireFinite, requireInt } from '../errors';
import { Rng } from '../random/rng';
import { ForwardContext, Module, glorotVariable, zerosVariable } from './module';
import { MessageGraph, propagate } from './message-graph';
import { NodeFeaturesInput, project } from './sparse-features';

export interface GCNConvOptions {
  inChannels: number;
  outChannels: number;
  /** Add a learned bias b (PyG's default; Kipf & Welling's GAE has none). Default true. */
  bias?: boolean;
  /** Dropout on the layer's input features. Default 0. */
  featureDropout?: number;
}

/**
 * Graph convolution (Kipf & Welling 2017) with PyTorch Geometric's GCNConv semantics:
 *   X' = D̂^{-1/2} Â D̂^{-1/2} X Θ + b,   Â = A + I,   D̂_ii = Σ_j Â_ij,
 * i.e. x'_i = Σ_{j ∈ N(i) ∪ {i}} x_j Θ / √(d̂_j d̂_i) + b. Shapes: x [N, inChannels] (dense or sparse),
 * Θ [inChannels, outChannels] (Glorot uniform), b [outChannels] (zeros); output [N, outChannels].
 * The graph supplies Â: build it with `messageGraph`'s self-loops (its default) and both directions of
 * an undirected edge; its `gcnWeights` hold the normalised entries. x Θ is computed first (fewer
 * channels to move), then gathered, scaled per edge and scattered onto destinations.
 */
export class GCNConv implements Module {
  readonly outWidth: number;
  private readonly featureDropout: number;
  private readonly weight: tf.Variable;
  private readonly bias: tf.Variable | null;

  constructor(options: GCNConvOptions, rng: Rng) {
    const { inChannels, outChannels } = options;
    requireInt('inChannels', inChannels, 1);
    requireInt('outChannels', outChannels, 1);
    this.featureDropout = options.featureDropout ?? 0;
    requireFinite('featureDropout', this.featureDropout, 0);
    this.outWidth = outChannels;
    this.weight = glorotVariable(rng.fork('weight'), [inChannels, outChannels], inChannels, outChannels);
    this.bias = (options.bias ?? true) ? zerosVariable([outChannels]) : null;
  }

  variables(): Record<string, tf.Variable> {
    return this.bias ? { weight: this.weight, bias: this.bias } : { weight: this.weight };
  }

  apply(x: NodeFeaturesInput, g: MessageGraph, ctx: ForwardContext): tf.Tensor2D {
    const out = propagate(project(x, this.weight as tf.Tensor2D, this.featureDropout, ctx), g.gcnWeights, g);
    return this.bias ? (tf.add(out, this.bias) as tf.Tensor2D) : out;
  }
}
