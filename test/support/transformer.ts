import type { TransformerConfig } from '../../lib/nn/transformer-encoder';

/** A small causal encoder as SASRec builds one (learned positions, padding token 0), for the encoder tests. */
export const SMALL_CAUSAL_ENCODER: TransformerConfig = {
  vocab: 12,
  length: 6,
  dModel: 8,
  heads: 2,
  layers: 2,
  ffn: 8,
  padToken: 0,
  positions: 'learned',
  causal: true,
};
