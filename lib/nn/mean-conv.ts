import * as tf from '@tensorflow/tfjs';
import { requireInt } from '../errors';
import { Rng } from '../random/rng';
import { ForwardContext, Module, glorotVariable, zerosVariable } from './module';
import { MessageGraph, propagate } from './message-graph';
import { NodeFeaturesInput, project } from './sparse-features';

/** x' = x W + b per node, ignoring the graph: the "no graph" ablation. */
export class NodeLinear implements Module {
  readonly outWidth: number;
  protected readonly weight: tf.Variable;
  protected readonly bias: tf.Variable;

  constructor(
    options: { inChannels: number; outChannels: number; featureDropout?: number },
    rng: Rng,
    protected readonly featureDropout = options.featureDropout ?? 0,
  ) {
    requireInt('inChannels', options.inChannels, 1);
    requireInt('outChannels', options.outChannels, 1);
    this.outWidth = options.outChannels;
    this.weight = glorotVariable(
      rng.fork('weight'),
      [options.inChannels, options.outChannels],
      options.inChannels,
      options.outChannels,
    );
    this.bias = zerosVariable([options.outChannels]);
  }

  variables(): Record<string, tf.Variable> {
    return { weight: this.weight, bias: this.bias };
  }

  apply(x: NodeFeaturesInput, _g: MessageGraph, ctx: ForwardContext): tf.Tensor2D {
    return tf.add(project(x, this.weight as tf.Tensor2D, this.featureDropout, ctx), this.bias) as tf.Tensor2D;
  }
}

/**
 * Mean-aggregation graph convolution (the "GCN without attention" ablation):
 *   x'_i = (1 / |N(i)|) Σ_{j ∈ N(i)} x_j W + b,   N(i) = in-neighbours incl. the self-loop.
 * Same gather → scale → scatter path as GATConv with fixed weights 1 / in-degree; the same
 * parameters as NodeLinear, applied before aggregation.
 */
export class MeanConv extends NodeLinear {
  override apply(x: NodeFeaturesInput, g: MessageGraph, ctx: ForwardContext): tf.Tensor2D {
    const h = project(x, this.weight as tf.Tensor2D, this.featureDropout, ctx);
    return tf.add(propagate(h, g.meanWeights, g), this.bias) as tf.Tensor2D;
  }
}
