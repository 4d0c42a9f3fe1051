import * as tf from '@tensorflow/tfjs';
import { requireFinite, requireInt } from '../errors';
import { Rng } from '../random/rng';
import { edgeAggregate, edgeSoftmax } from '../tf/kernels';
import { ForwardContext, Module, dropout, glorotVariable, zerosVariable } from './module';
import { MessageGraph } from './message-graph';
import { NodeFeaturesInput, project } from './sparse-features';

export interface GATConvOptions {
  inChannels: number;
  outChannels: number;
  heads?: number;
  /** Concatenate heads (output heads × outChannels) or average them (output outChannels). */
  concat?: boolean;
  negativeSlope?: number;
  /** Dropout on the layer's input features (the GAT paper's setting; PyG applies it outside the layer). */
  featureDropout?: number;
  /** Dropout on the normalised attention coefficients (PyG's `dropout`). */
  attentionDropout?: number;
  /** Width of the graph's edge features; 0 ignores them. */
  edgeDim?: number;
}

/**
 * Graph attention layer with PyTorch Geometric's GATConv semantics, as gather → per-edge
 * function → scatter-aggregate:
 *   h = x W  (per head [N, H, C]);   e_ji = LeakyReLU(a_srcᵀ h_j + a_dstᵀ h_i + a_edgeᵀ W_e x_ji, 0.2)
 *   α_ji = softmax over i's incoming edges (self-loop included);   x'_i = ‖_h or mean_h Σ_j α_ji h_j + b
 * The edge term folds W_e and a_edge into one [edgeDim, H] matrix first: Σ_c (x_ji W_e)[h,c] a_edge[h,c]
 * = x_ji (W_e a_edge)[:,h], the same value at a fraction of the cost.
 */
export class GATConv implements Module {
  readonly heads: number;
  readonly outChannels: number;
  readonly concat: boolean;
  readonly outWidth: number;
  private readonly slope: number;
  private readonly featureDropout: number;
  private readonly attentionDropout: number;
  private readonly weight: tf.Variable;
  private readonly attSrc: tf.Variable;
  private readonly attDst: tf.Variable;
  private readonly edgeWeight: tf.Variable | null;
  private readonly attEdge: tf.Variable | null;
  private readonly bias: tf.Variable;

  constructor(options: GATConvOptions, rng: Rng) {
    const { inChannels, outChannels } = options;
    requireInt('inChannels', inChannels, 1);
    requireInt('outChannels', outChannels, 1);
    const H = (this.heads = options.heads ?? 1);
    requireInt('heads', H, 1);
    this.outChannels = outChannels;
    this.concat = options.concat ?? true;
    this.slope = options.negativeSlope ?? 0.2;
    this.featureDropout = options.featureDropout ?? 0;
    this.attentionDropout = options.attentionDropout ?? 0;
    requireFinite('featureDropout', this.featureDropout, 0);
    requireFinite('attentionDropout', this.attentionDropout, 0);
    const edgeDim = options.edgeDim ?? 0;
    requireInt('edgeDim', edgeDim, 0);
    this.outWidth = this.concat ? H * outChannels : outChannels;
    this.weight = glorotVariable(rng.fork('weight'), [inChannels, H * outChannels], inChannels, H * outChannels);
    this.attSrc = glorotVariable(rng.fork('att_src'), [1, H, outChannels], H, outChannels);
    this.attDst = glorotVariable(rng.fork('att_dst'), [1, H, outChannels], H, outChannels);
    this.edgeWeight = edgeDim
      ? glorotVariable(rng.fork('lin_edge'), [edgeDim, H, outChannels], edgeDim, H * outChannels)
      : null;
    this.attEdge = edgeDim ? glorotVariable(rng.fork('att_edge'), [1, H, outChannels], H, outChannels) : null;
    this.bias = zerosVariable([this.outWidth]);
  }

  variables(): Record<string, tf.Variable> {
    const v: Record<string, tf.Variable> = {
      weight: this.weight,
      att_src: this.attSrc,
      att_dst: this.attDst,
      bias: this.bias,
    };
    if (this.edgeWeight && this.attEdge) Object.assign(v, { lin_edge: this.edgeWeight, att_edge: this.attEdge });
    return v;
  }

  /** Raw attention logits per edge [E, H] (before softmax), for inspection and for `apply`. */
  private edgeLogits(h: tf.Tensor3D, g: MessageGraph): tf.Tensor2D {
    const aSrc = tf.sum(tf.mul(h, this.attSrc), -1) as tf.Tensor2D;
    const aDst = tf.sum(tf.mul(h, this.attDst), -1) as tf.Tensor2D;
    let e = tf.add(tf.gather(aSrc, g.src), tf.gather(aDst, g.dst)) as tf.Tensor2D;
    if (this.edgeWeight && this.attEdge && g.edgeAttr) {
      const folded = tf.sum(tf.mul(this.edgeWeight, this.attEdge), -1) as tf.Tensor2D;
      e = tf.add(e, tf.matMul(g.edgeAttr, folded));
    }
    return tf.leakyRelu(e, this.slope);
  }

  /** Normalised attention α [E, H] in evaluation mode (no dropout), e.g. to show which neighbours a node attends to. */
  attention(x: NodeFeaturesInput, g: MessageGraph): tf.Tensor2D {
    return tf.tidy(() => {
      const h = tf.reshape(project(x, this.weight as tf.Tensor2D, 0, { training: false, rng: new Rng(0) }), [
        g.numNodes,
        this.heads,
        this.outChannels,
      ]) as tf.Tensor3D;
      return edgeSoftmax(this.edgeLogits(h, g), g.dst, g.numNodes);
    });
  }

  apply(x: NodeFeaturesInput, g: MessageGraph, ctx: ForwardContext): tf.Tensor2D {
    const h = tf.reshape(project(x, this.weight as tf.Tensor2D, this.featureDropout, ctx), [
      g.numNodes,
      this.heads,
      this.outChannels,
    ]) as tf.Tensor3D;
    const alpha = dropout(edgeSoftmax(this.edgeLogits(h, g), g.dst, g.numNodes), this.attentionDropout, ctx);
    const out = edgeAggregate(alpha, h, g.src, g.dst, g.numNodes);
    const merged = this.concat ? tf.reshape(out, [g.numNodes, this.outWidth]) : tf.mean(out, 1);
    return tf.add(merged, this.bias) as tf.Tensor2D;
  }
}
