import * as tf from '@tensorflow/tfjs';
import { PinlabInputError, requireInt } from '../errors';
import { Rng } from '../random/rng';
import { GATConv } from './gat-conv';
import { GCNConv } from './gcn-conv';
import { ForwardContext, Module, childVariables } from './module';
import { MeanConv, NodeLinear } from './mean-conv';
import { MessageGraph } from './message-graph';
import { NodeFeaturesInput } from './sparse-features';

export type ConvKind = 'gat' | 'gcn' | 'mean' | 'none';

/** One message-passing layer: GATConv, GCNConv, MeanConv or NodeLinear. */
export interface GraphLayer extends Module {
  readonly outWidth: number;
  apply(x: NodeFeaturesInput, g: MessageGraph, ctx: ForwardContext): tf.Tensor2D;
}

export interface EncoderOptions {
  inChannels: number;
  /** Reference: 32 hidden → 16 out. */
  hidden?: number;
  out?: number;
  kind?: ConvKind;
  /** Attention heads of the hidden layer (concatenated); the output layer uses `outHeads`, averaged. */
  heads?: number;
  outHeads?: number;
  featureDropout?: number;
  attentionDropout?: number;
  /** Edge-feature width for attention (e.g. 1 for an interaction's age); GAT only. */
  edgeDim?: number;
  /** Between the layers: ELU (the GAT paper's, default) or ReLU (GCN's and GAE's). */
  activation?: 'elu' | 'relu';
}

/**
 * Two-layer graph encoder: z = conv₂(act(conv₁(x))), act = ELU or ReLU. `kind` swaps the convolution
 * (attention, GCN's normalised sum, mean aggregation, no graph) with everything else equal.
 */
export class GraphEncoder implements Module {
  readonly outWidth: number;
  readonly layers: [GraphLayer, GraphLayer];
  private readonly activation: (x: tf.Tensor2D) => tf.Tensor2D;

  constructor(
    readonly options: EncoderOptions,
    rng: Rng,
  ) {
    const kind = options.kind ?? 'gat';
    const hidden = options.hidden ?? 32;
    const out = options.out ?? 16;
    const heads = options.heads ?? 1;
    requireInt('hidden', hidden, 1);
    requireInt('out', out, 1);
    const fd = options.featureDropout ?? 0;
    const act = options.activation ?? 'elu';
    if (act !== 'elu' && act !== 'relu')
      throw new PinlabInputError('activation', `must be 'elu' or 'relu', got ${String(act)}`);
    this.activation = act === 'elu' ? tf.elu : tf.relu;
    const make = (i: number, inCh: number, outCh: number): GraphLayer => {
      const r = rng.fork(`layer${i}`);
      if (kind === 'gat') {
        return new GATConv(
          {
            inChannels: inCh,
            outChannels: outCh,
            heads: i === 0 ? heads : (options.outHeads ?? 1),
            concat: i === 0,
            featureDropout: fd,
            attentionDropout: options.attentionDropout ?? 0,
            edgeDim: options.edgeDim ?? 0,
          },
          r,
        );
      }
      if (kind === 'gcn') return new GCNConv({ inChannels: inCh, outChannels: outCh, featureDropout: fd }, r);
      if (kind === 'mean') return new MeanConv({ inChannels: inCh, outChannels: outCh, featureDropout: fd }, r);
      if (kind === 'none') return new NodeLinear({ inChannels: inCh, outChannels: outCh, featureDropout: fd }, r);
      throw new PinlabInputError('kind', `must be 'gat', 'gcn', 'mean' or 'none', got ${String(kind)}`);
    };
    const first = make(0, options.inChannels, hidden);
    this.layers = [first, make(1, first.outWidth, out)];
    this.outWidth = this.layers[1].outWidth;
  }

  variables(): Record<string, tf.Variable> {
    return childVariables({ conv1: this.layers[0], conv2: this.layers[1] });
  }

  apply(x: NodeFeaturesInput, g: MessageGraph, ctx: ForwardContext): tf.Tensor2D {
    return this.layers[1].apply(this.activation(this.layers[0].apply(x, g, ctx)), g, ctx);
  }
}
