import * as tf from '@tensorflow/tfjs';
import { PinlabInputError, requireInt } from '../errors';
import type { Rng } from '../random/rng';
import { dropout, glorotVariable, type ForwardContext } from './module';

export interface TransformerConfig {
  /** Token vocabulary size (item ids plus special tokens). */
  readonly vocab: number;
  /** Sequence length L. */
  readonly length: number;
  /** Model width D (divisible by `heads`). */
  readonly dModel: number;
  readonly heads: number;
  readonly layers: number;
  /** Feed-forward inner width. */
  readonly ffn: number;
  /** Token that marks padding: masked out as an attention key. */
  readonly padToken: number;
  /**
   * Category of each token (length `vocab`, values in [0, categories)), embedded and added to the
   * token's embedding. Omitted (with `categories`): tokens carry no category.
   */
  readonly tokenCategory?: Int32Array;
  readonly categories?: number;
  /** 'sinusoidal' (default: fixed PE) or 'learned' (SASRec: a trained [length, D] table, N(0, 0.1²) initially). */
  readonly positions?: 'sinusoidal' | 'learned';
  /** Each position attends only to itself and earlier positions (SASRec). Default false: bidirectional. */
  readonly causal?: boolean;
  /**
   * Dropout rate in training (default 0): on the input embeddings, the attention weights and the
   * feed-forward's hidden and output activations (where SASRec drops).
   */
  readonly dropout?: number;
  /**
   * Multiply the token embeddings by √D before adding positions (default false), as SASRec's official
   * code (`embedding(..., scale=True)`): the output layer keeps the unscaled table.
   */
  readonly scaleEmbedding?: boolean;
  /**
   * Zero the padding positions' states after the input dropout and after every block (default false),
   * as the official SASRec (`seq *= mask`); padding is masked as a key either way.
   */
  readonly zeroPadding?: boolean;
  /**
   * Block layout. 'pre-ln' (default): X ← X + MHA(LN₁X), X ← X + FFN(LN₂X). 'sasrec': the official
   * SASRec code's, where only the queries are normalised and the residuals carry the normalised input:
   * Z = LN₁X, X ← Z + Attn(Q = Z W_q, K = X W_k, V = X W_v) W_o, Z₂ = LN₂X, X ← Z₂ + FFN(Z₂).
   */
  readonly block?: 'pre-ln' | 'sasrec';
  /**
   * Weight initialisation. 'normal' (default): tables N(0, 0.1²), a [m, n] weight N(0, 1/m).
   * 'glorot': every table and weight U(±√(6 / (m + n))) (TensorFlow's default, the official SASRec's).
   */
  readonly init?: 'normal' | 'glorot';
}

/** The encoder options where pinlab's encoder and the official SASRec code (kang205/SASRec) differ. */
export type EncoderVariant = Pick<TransformerConfig, 'scaleEmbedding' | 'zeroPadding' | 'block' | 'init'>;

/**
 * The official SASRec's encoder (kang205/SASRec, model.py and modules.py): item embeddings × √D,
 * padding zeroed after the input dropout and after each block, queries normalised but keys, values and
 * residuals not (`block: 'sasrec'`), Glorot-uniform weights (TensorFlow's default initialiser).
 */
export const OFFICIAL_SASREC_ENCODER: EncoderVariant = {
  scaleEmbedding: true,
  zeroPadding: true,
  block: 'sasrec',
  init: 'glorot',
};

/**
 * The official encoder's embedding, padding and initialisation with the standard pre-LN block
 * (X ← X + MHA(LN₁X), X ← X + FFN(LN₂X)): SASRec.pytorch's `norm_first` design (pmixer), which its
 * authors found ahead of the official block on four data sets, Video Games among them (Result_Norm.md).
 */
export const PRE_LN_SASREC_ENCODER: EncoderVariant = { ...OFFICIAL_SASREC_ENCODER, block: 'pre-ln' };

/** Encoder variants by name, for options and notebook parameters: pinlab's pre-LN encoder and the official SASRec's. */
export const ENCODER_VARIANTS = { 'pre-ln': {}, 'official-sasrec': OFFICIAL_SASREC_ENCODER } as const satisfies Record<
  string,
  EncoderVariant
>;
export type EncoderVariantName = keyof typeof ENCODER_VARIANTS;

/** The variant called `name`; any other name is a PinlabInputError naming `field`. */
export function encoderVariant(name: string, field = 'encoder'): EncoderVariant {
  if (!Object.hasOwn(ENCODER_VARIANTS, name))
    throw new PinlabInputError(field, `must be one of ${Object.keys(ENCODER_VARIANTS).join(', ')}, got '${name}'`);
  return ENCODER_VARIANTS[name as EncoderVariantName];
}

/** A weight matrix N(0, scale²) from pinlab's Rng (so one seed fixes the initialisation). Unnamed: TF.js names must be globally unique. */
export function randomVariable(rng: Rng, shape: number[], scale: number): tf.Variable {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = scale * rng.normal();
  return tf.variable(tf.tensor(v, shape), true);
}

export function constantVariable(shape: number[], value: number): tf.Variable {
  return tf.variable(tf.fill(shape, value), true);
}

/** Sinusoidal positional encoding (Vaswani et al. 2017): PE[p, 2i] = sin(p / 10000^{2i/D}), PE[p, 2i+1] = cos(…). */
export function sinusoidalPositions(length: number, d: number): Float32Array {
  const pe = new Float32Array(length * d);
  for (let p = 0; p < length; p++) {
    for (let i = 0; i < d; i += 2) {
      const angle = p / Math.pow(10000, i / d);
      pe[p * d + i] = Math.sin(angle);
      if (i + 1 < d) pe[p * d + i + 1] = Math.cos(angle);
    }
  }
  return pe;
}

interface Block {
  wq: tf.Variable;
  wk: tf.Variable;
  wv: tf.Variable;
  wo: tf.Variable;
  ln1g: tf.Variable;
  ln1b: tf.Variable;
  ln2g: tf.Variable;
  ln2b: tf.Variable;
  w1: tf.Variable;
  b1: tf.Variable;
  w2: tf.Variable;
  b2: tf.Variable;
}

/** LayerNorm over the last axis: γ ⊙ (x − μ) / √(σ² + ε) + β. */
function layerNorm(x: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), g), b);
}

/**
 * A pre-LayerNorm Transformer encoder over token sequences (written out because tfjs-layers does
 * not export MultiHeadAttention). With X⁰ = E[tokens] + E_cat[category(tokens)] + PE, each layer is
 *
 *   A = MHA(LN₁(X)),  X ← X + A,  X ← X + W₂ relu(W₁ LN₂(X) + b₁) + b₂,
 *   MHA(Z) = concat_h softmax(Q_h K_hᵀ / √d_k + M) V_h · W_o,  Q_h = Z W_q^h, …,
 *
 * where the padding mask M adds −10⁹ to every key position holding `padToken`, so real events
 * never attend to padding. A final LayerNorm follows. By default attention is bidirectional over the
 * history (as the reference's predecessor) and the user embedding is the last position's hidden state;
 * with `causal` M also adds −10⁹ to every key after the query (SASRec), so position t's hidden state
 * reads only tokens ≤ t and every position predicts its next token.
 *
 * Options reproduce the official SASRec code's variant: `scaleEmbedding` (E[t]·√D), `zeroPadding`
 * (padding states zeroed after the input dropout and every block), `block: 'sasrec'` (only queries
 * normalised, residuals from the normalised input) and `init: 'glorot'`.
 *
 * Sequences are right-aligned (padding first), so a batch may be shorter than `length`: a [B, L′]
 * batch with L′ < L takes the last L′ positions, which equals the full batch with its leading padding
 * dropped (padding is masked as a key, and in front under causal attention).
 */
export class TransformerEncoder {
  readonly tokenEmbedding: tf.Variable;
  /** Null without token categories. */
  readonly categoryEmbedding: tf.Variable | null;
  readonly blocks: Block[] = [];
  readonly lnFg: tf.Variable;
  readonly lnFb: tf.Variable;
  /** Sinusoidal positions (a constant) or the learned table (a variable). */
  readonly positions: tf.Tensor2D;
  private readonly tokenCategory: tf.Tensor1D | null;
  private readonly dropoutRate: number;
  /** Causal masks [L′, L′] by length L′, built on first use. */
  private readonly causalMasks = new Map<number, tf.Tensor2D>();

  constructor(
    readonly config: TransformerConfig,
    rng: Rng,
  ) {
    const { vocab, length, dModel: D, heads, layers, ffn, padToken, tokenCategory, categories = 0 } = config;
    requireInt('vocab', vocab, 1);
    requireInt('length', length, 1);
    requireInt('dModel', D, 1);
    requireInt('heads', heads, 1);
    requireInt('layers', layers, 1);
    requireInt('ffn', ffn, 1);
    requireInt('padToken', padToken, 0, vocab - 1);
    if (D % heads !== 0) throw new PinlabInputError('heads', `must divide dModel = ${D}, got ${heads}`);
    if (tokenCategory && tokenCategory.length !== vocab)
      throw new PinlabInputError('tokenCategory', `must have length vocab = ${vocab}, got ${tokenCategory.length}`);
    tokenCategory?.forEach((c, i) => {
      if (!(c >= 0 && c < categories))
        throw new PinlabInputError('tokenCategory', `must be in [0, ${categories}), got ${c}`, i);
    });
    const rate = config.dropout ?? 0;
    if (!(rate >= 0 && rate < 1)) throw new PinlabInputError('dropout', `must be in [0, 1), got ${rate}`);
    this.dropoutRate = rate;
    if (config.block !== undefined && !['pre-ln', 'sasrec'].includes(config.block))
      throw new PinlabInputError('block', `must be pre-ln or sasrec, got '${config.block}'`);
    if (config.init !== undefined && !['normal', 'glorot'].includes(config.init))
      throw new PinlabInputError('init', `must be normal or glorot, got '${config.init}'`);
    const glorot = config.init === 'glorot';
    // Tables (scale 0.1 under 'normal') and [m, n] weights (scale 1/√m) under either initialisation.
    const table = (rows: number) =>
      glorot ? glorotVariable(rng, [rows, D], rows, D) : randomVariable(rng, [rows, D], 0.1);
    const weight = (m: number, n: number) =>
      glorot ? glorotVariable(rng, [m, n], m, n) : randomVariable(rng, [m, n], 1 / Math.sqrt(m));
    this.tokenEmbedding = table(vocab);
    this.categoryEmbedding = tokenCategory ? table(categories) : null;
    for (let l = 0; l < layers; l++) {
      this.blocks.push({
        wq: weight(D, D),
        wk: weight(D, D),
        wv: weight(D, D),
        wo: weight(D, D),
        ln1g: constantVariable([D], 1),
        ln1b: constantVariable([D], 0),
        ln2g: constantVariable([D], 1),
        ln2b: constantVariable([D], 0),
        w1: weight(D, ffn),
        b1: constantVariable([ffn], 0),
        w2: weight(ffn, D),
        b2: constantVariable([D], 0),
      });
    }
    this.lnFg = constantVariable([D], 1);
    this.lnFb = constantVariable([D], 0);
    // Drawn after every other weight, so the default (sinusoidal) encoder's initial weights are unchanged.
    this.positions =
      config.positions === 'learned'
        ? (table(length) as tf.Tensor2D)
        : tf.tensor2d(sinusoidalPositions(length, D), [length, D]);
    this.tokenCategory = tokenCategory ? tf.tensor1d(tokenCategory, 'int32') : null;
  }

  variables(): tf.Variable[] {
    const v = [this.tokenEmbedding];
    if (this.categoryEmbedding) v.push(this.categoryEmbedding);
    v.push(this.lnFg, this.lnFb);
    for (const b of this.blocks) v.push(b.wq, b.wk, b.wv, b.wo, b.ln1g, b.ln1b, b.ln2g, b.ln2b, b.w1, b.b1, b.w2, b.b2);
    if (this.positions instanceof tf.Variable) v.push(this.positions);
    return v;
  }

  /** Embedding of single tokens (no position): E[t] + E_cat[category(t)], shape [n, D]. */
  embedTokens(tokens: tf.Tensor1D): tf.Tensor2D {
    const e = tf.gather(this.tokenEmbedding, tokens) as tf.Tensor2D;
    if (!this.categoryEmbedding || !this.tokenCategory) return e;
    return tf.add(e, tf.gather(this.categoryEmbedding, tf.gather(this.tokenCategory, tokens)));
  }

  /**
   * Hidden states [B, L′, D] at every position of int32 token sequences [B, L′], L′ ≤ `length`
   * (right-aligned). `ctx` in training mode applies dropout with masks from its stream.
   */
  forward(tokens: tf.Tensor2D, ctx?: ForwardContext): tf.Tensor3D {
    const [B, L] = tokens.shape;
    this.checkLength(L);
    const flat = tokens.reshape([B * L]) as tf.Tensor1D;
    return this.encodeEmbedded(this.embedTokens(flat).reshape([B, L, this.config.dModel]), tokens, ctx);
  }

  /**
   * `forward` from the token embeddings [B, L′, D] (E[t] + E_cat[category(t)]) a caller looked up
   * itself, e.g. from its copy of the rows a batch uses so their gradient stays sparse; `tokens`
   * [B, L′] mark the padding.
   */
  encodeEmbedded(embedded: tf.Tensor3D, tokens: tf.Tensor2D, ctx?: ForwardContext): tf.Tensor3D {
    const [B, L] = tokens.shape;
    this.checkLength(L);
    const { dModel: D, heads: h } = this.config;
    const drop = <T extends tf.Tensor>(t: T): T => (ctx ? dropout(t, this.dropoutRate, ctx) : t);
    const dk = D / h;
    const positions = L === this.config.length ? this.positions : this.positions.slice([this.config.length - L, 0]);
    const scaled = this.config.scaleEmbedding ? tf.mul(embedded, Math.sqrt(D)) : embedded;
    const isPad = tf.cast(tf.equal(tokens, this.config.padToken), 'float32');
    // [B, L, 1]: 1 at real tokens, 0 at padding (`zeroPadding`).
    const keep = this.config.zeroPadding ? tf.sub(1, isPad).reshape([B, L, 1]) : null;
    const zeroPad = (t: tf.Tensor): tf.Tensor => (keep ? tf.mul(t, keep) : t);
    let x: tf.Tensor = zeroPad(drop(tf.add(scaled, positions)));
    // Additive key mask [B, 1, 1, L]: 0 for real tokens, −1e9 for padding (and [L, L] for later keys).
    let maskBias: tf.Tensor = tf.mul(isPad, -1e9).reshape([B, 1, 1, L]);
    if (this.config.causal) maskBias = tf.add(maskBias, this.causalMask(L));
    const split = (t: tf.Tensor): tf.Tensor => t.reshape([B, L, h, dk]).transpose([0, 2, 1, 3]);
    const sasrec = this.config.block === 'sasrec';
    for (const b of this.blocks) {
      const z = layerNorm(x, b.ln1g, b.ln1b).reshape([B * L, D]);
      // The official SASRec reads keys and values from the unnormalised states.
      const kv = sasrec ? x.reshape([B * L, D]) : z;
      const q = split(tf.matMul(z, b.wq));
      const k = split(tf.matMul(kv, b.wk));
      const v = split(tf.matMul(kv, b.wv));
      const scores = tf.add(tf.div(tf.matMul(q, k, false, true), Math.sqrt(dk)), maskBias);
      const att = tf
        .matMul(drop(tf.softmax(scores)), v)
        .transpose([0, 2, 1, 3])
        .reshape([B * L, D]);
      x = tf.add(sasrec ? z.reshape([B, L, D]) : x, tf.matMul(att, b.wo).reshape([B, L, D]));
      const z2 = layerNorm(x, b.ln2g, b.ln2b).reshape([B * L, D]);
      const f = tf.add(tf.matMul(drop(tf.relu(tf.add(tf.matMul(z2, b.w1), b.b1))), b.w2), b.b2);
      x = zeroPad(tf.add(sasrec ? z2.reshape([B, L, D]) : x, drop(f).reshape([B, L, D])));
    }
    return layerNorm(x, this.lnFg, this.lnFb) as tf.Tensor3D;
  }

  private checkLength(L: number): void {
    if (!(L >= 1 && L <= this.config.length))
      throw new PinlabInputError('tokens', `must have length in [1, ${this.config.length}], got ${L}`);
  }

  /** [L, L] with −10⁹ where the key comes after the query. Kept outside any tidy (tf.keep). */
  private causalMask(L: number): tf.Tensor2D {
    let m = this.causalMasks.get(L);
    if (!m) {
      const v = new Float32Array(L * L);
      for (let q = 0; q < L; q++) for (let k = q + 1; k < L; k++) v[q * L + k] = -1e9;
      m = tf.keep(tf.tensor2d(v, [L, L]));
      this.causalMasks.set(L, m);
    }
    return m;
  }

  /** The last position's hidden state [B, D]: the user's history embedding. */
  encodeLast(tokens: tf.Tensor2D): tf.Tensor2D {
    const [B, L] = tokens.shape;
    return this.forward(tokens)
      .slice([0, L - 1, 0], [B, 1, this.config.dModel])
      .reshape([B, this.config.dModel]);
  }

  dispose(): void {
    tf.dispose(this.variables());
    if (!(this.positions instanceof tf.Variable)) this.positions.dispose();
    this.tokenCategory?.dispose();
    tf.dispose([...this.causalMasks.values()]);
  }
}
