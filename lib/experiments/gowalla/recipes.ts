import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ImplicitSplit } from '../../data/types';
import { cacheDir } from '../../io/paths';
import type { RankingSummary } from '../../metrics/ranking';
import type { Rng } from '../../random/rng';
import { GfCf } from '../../models/cf/gf-cf';
import { Bspm } from '../../models/cf/bspm';
import type { ScoreSource } from '../../retrieval/topk';
import { BSPM_SETTINGS, chooseBspm } from './bspm-selection';
import { LightGcn } from '../../models/cf/lightgcn';
import { MfBpr } from '../../models/cf/mf-bpr';
import { PinSage, type PinSageOptions } from '../../models/cf/pinsage/model';
import { PinlabInputError } from '../../errors';
import type { Recommender } from '../../train/recommender';

/** Published Recall@20 / NDCG@20 on Gowalla (NGCF SIGIR'19 Table 2; LightGCN SIGIR'20; GF-CF CIKM'21). */
export const GOWALLA_PUBLISHED: Record<string, { recall: number; ndcg: number; source: string }> = {
  'MF-BPR': { recall: 0.1291, ndcg: 0.1109, source: 'NGCF Table 2' },
  PinSage: { recall: 0.138, ndcg: 0.1196, source: 'NGCF Table 2' },
  NGCF: { recall: 0.1569, ndcg: 0.1327, source: 'NGCF Table 2' },
  LightGCN: { recall: 0.183, ndcg: 0.1554, source: 'LightGCN Table 3' },
  'GF-CF': { recall: 0.1849, ndcg: 0.1518, source: 'GF-CF Table 3' },
  BSPM: { recall: 0.192, ndcg: 0.1597, source: 'BSPM Table 3 (BSPM-EM)' },
};

export interface RecipeContext {
  /** The pairs to train on (without the validation pairs of a recipe with `validation`). */
  readonly split: ImplicitSplit;
  readonly rng: Rng;
  readonly log: (line: string) => void;
  /** Trained arrays of another recipe (from its checkpoint), for models that build on one. */
  readonly stateOf: (recipe: string) => Record<string, Float32Array>;
  /** A filter recipe with `validation`: the held-out pairs as test rows, `split`'s training pairs minus them. */
  readonly validation?: ImplicitSplit;
}

/** A fitted training-free filter, and for one whose settings were chosen on validation, how. */
export interface FilterFit {
  readonly model: ScoreSource & { dispose(): void };
  /** Seconds spent choosing settings on the validation pairs (a fit and a sweep on 95 % of train). */
  readonly selectSeconds?: number;
  readonly note?: string;
}

/**
 * Model selection without the test pairs: the recipe trains on the training pairs minus a seeded
 * `share` of each user's (`holdOutValidation`, the same pairs for every recipe of a seed and share),
 * keeps the evaluated epoch with the best Recall@20 on them, and stops after `patience` evaluations
 * without improvement (when given). Test metrics still exclude all of a user's training items.
 */
export interface GowallaValidation {
  readonly share: number;
  readonly patience?: number;
}

/**
 * A trainable model and its schedule, or a training-free scorer. `needs` names recipes whose trained
 * state `build` reads (they run first). `refitOf` names a recipe with `validation`: this one trains on
 * all training pairs for exactly the epochs that recipe kept on its validation pairs (at most
 * `maxEpochs`), so the final model uses every pair and its length is still chosen without the test set.
 */
export type GowallaRecipe =
  | {
      kind: 'trained';
      name: string;
      maxEpochs: number;
      evalEvery: number;
      needs?: readonly string[];
      refitOf?: string;
      validation?: GowallaValidation;
      build(ctx: RecipeContext): Recommender;
    }
  | {
      kind: 'filter';
      name: string;
      /** Settings chosen on held-out training pairs (`ctx.validation`); the model is then fit on all of them. */
      validation?: GowallaValidation;
      build(ctx: RecipeContext): FilterFit;
    };

/** LightGCN's settings in the recipes (both objectives). */
const LIGHTGCN_SETTINGS = { dim: 64, layers: 3, batchSize: 16384, lr: 0.01, l2: 1e-4, engine: 'tf' } as const;

/** The sampled-softmax recipe's training length, over which its learning rate decays to 0. */
const SSM_DECAY_EPOCHS = 12;

/** MF-BPR's settings in the recipes (notebook 06 trains its synthetic-world MF-BPR with them too). */
export const MF_BPR_SETTINGS = { dim: 64, lr: 0.05, l2: 1e-4 } as const;

const mfBpr = (c: RecipeContext) => new MfBpr(c.split, c.rng, { ...MF_BPR_SETTINGS, engine: 'tf' });

/**
 * PinSage's settings in the recipes (choices and what they reached: docs/gowalla.md). Items start
 * from MF-BPR embeddings (fine-tuned at `inputLr`), users have no input of their own, and the output
 * adds the input and its importance pooling to the head, unnormalised.
 */
export const PINSAGE_SETTINGS = {
  dim: 64,
  T: 10,
  layers: 2,
  batchSize: 32768,
  lr: 0.01,
  inputLr: 0.001,
  margin: 1,
  featureDim: 64,
  trainFeatures: true,
  pooledSkip: [1, 0],
} as const satisfies PinSageOptions;

/**
 * A PinSage with `PINSAGE_SETTINGS` (and `overrides`) whose item inputs are the MF-BPR item
 * embeddings `mfItem` (numItems × 64, row-major) and whose users' inputs are zeros.
 */
export function pinsageOverMfItems(
  split: ImplicitSplit,
  rng: Rng,
  mfItem: Float32Array,
  overrides: PinSageOptions = {},
): PinSage {
  const d = PINSAGE_SETTINGS.featureDim;
  if (mfItem.length !== split.numItems * d)
    throw new PinlabInputError('mfItem', `length ${mfItem.length} differs from ${split.numItems} items × ${d}`);
  const features = new Float32Array((split.numUsers + split.numItems) * d);
  features.set(mfItem, split.numUsers * d);
  return new PinSage(split, rng, { ...PINSAGE_SETTINGS, features, ...overrides });
}

/** PinSage over the item embeddings of the MF-BPR recipe `input` (see the recipes below). */
const pinsageOn =
  (input: string) =>
  (c: RecipeContext): Recommender =>
    pinsageOverMfItems(c.split, c.rng, c.stateOf(input).item, { engine: 'tf', log: c.log });

/** PinSage's validation pairs: 5 % of each user's training items (rounded: 41 639 pairs, ≈ 1.4 per user). */
const PINSAGE_VALIDATION: GowallaValidation = { share: 0.05, patience: 2 };

/**
 * The settings `npm run repro:gowalla` uses (64-d everywhere; choices and what they reached are in
 * docs/gowalla.md). Epoch caps are generous: the 60-minute training budget is what stops a run.
 */
export const GOWALLA_RECIPES: Record<string, GowallaRecipe> = {
  mf: { kind: 'trained', name: 'MF-BPR', maxEpochs: 200, evalEvery: 20, build: mfBpr },
  // PinSage's input: MF-BPR trained without PinSage's validation pairs, so that the epoch PinSage
  // keeps is chosen on pairs none of its inputs saw.
  'mf-heldout': {
    kind: 'trained',
    name: 'MF-BPR (PinSage input, 95 % of train)',
    maxEpochs: 200,
    evalEvery: 20,
    validation: { share: PINSAGE_VALIDATION.share },
    build: mfBpr,
  },
  lightgcn: {
    kind: 'trained',
    name: 'LightGCN',
    maxEpochs: 1000,
    // Every 10 epochs: at ~25 s per epoch on 2 cores, an evaluation (~27 s) every 5 would add ~14 min to a 60-min run.
    evalEvery: 10,
    // lr 0.01: lr 0.03 led on validation over 6 epochs but its test curve flattened at 0.150 by epoch 20
    // (docs/gowalla.md, "LightGCN's learning rate").
    build: (c) => new LightGcn(c.split, c.rng, LIGHTGCN_SETTINGS),
  },
  // The same model with a sampled softmax on cosine similarities (Wu et al. 2022): 512 shared uniform
  // negatives per batch, τ chosen on validation. It ranks by dot product, as the reference code (ahead of
  // cosine on validation when chosen, not by epoch 12; docs/gowalla.md, "LightGCN with a sampled softmax").
  // At a constant lr it peaks within ~10 epochs and then slides, so lr decays to 0 over 12 epochs, the
  // horizon that led on validation (docs/gowalla.md, "Decaying the learning rate").
  'lightgcn-ssm': {
    kind: 'trained',
    name: 'LightGCN (sampled softmax, lr decayed over 12 epochs)',
    maxEpochs: SSM_DECAY_EPOCHS,
    evalEvery: 4,
    build: (c) =>
      new LightGcn(c.split, c.rng, {
        ...LIGHTGCN_SETTINGS,
        loss: { kind: 'sampled-softmax', negatives: 512, temperature: 0.1 },
        scoring: 'dot',
        decayEpochs: SSM_DECAY_EPOCHS,
      }),
  },
  // Gowalla has no content features: PinSage's item inputs h⁰ are the MF-BPR item embeddings, fine-tuned
  // at a tenth of the layers' learning rate, and users, with no input of their own, are represented by
  // the items they pool. Why, and the variants measured: docs/gowalla.md, "The PinSage recipe".
  pinsage: {
    kind: 'trained',
    name: 'PinSage (95 % of train, epochs chosen on validation)',
    maxEpochs: 200,
    evalEvery: 2,
    needs: ['mf-heldout'],
    validation: PINSAGE_VALIDATION,
    build: pinsageOn('mf-heldout'),
  },
  // The final models: the two above refit on all training pairs, each for the epochs its validation
  // run kept (the held-out 5 % would otherwise be lost to the model that is reported).
  'mf-refit': {
    kind: 'trained',
    name: 'MF-BPR (PinSage input, refit)',
    maxEpochs: 200,
    evalEvery: 20,
    refitOf: 'mf-heldout',
    build: mfBpr,
  },
  'pinsage-refit': {
    kind: 'trained',
    name: 'PinSage',
    maxEpochs: 200,
    evalEvery: 2,
    needs: ['mf-refit'],
    refitOf: 'pinsage',
    build: pinsageOn('mf-refit'),
  },
  gfcf: {
    kind: 'filter',
    name: 'GF-CF',
    build: (c) => ({ model: new GfCf(c.split, c.rng, { rank: 256, alpha: 0.3, iterations: 6, log: c.log }) }),
  },
  // The paper's solver settings; T_s and β chosen on PinSage's validation pairs (5 % of each user's
  // training items) from a grid around the paper's, then the filter is fit on all training pairs.
  bspm: {
    kind: 'filter',
    name: 'BSPM',
    validation: { share: PINSAGE_VALIDATION.share },
    build: (c) => {
      // A fifth of the users (≈ 8 300 held-out pairs): scoring costs ~0.06 s per user on 2 shared cores.
      const choice = chooseBspm(c.validation!, c.rng.fork('validation'), { everyNth: 5, log: c.log });
      const grid = choice.grid.map((g) => `T_s ${g.sharpenTime} β ${g.idealWeight}: ${g.recall20.toFixed(4)}`);
      const { sharpenTime, idealWeight } = choice.chosen;
      c.log(`BSPM: validation Recall@20 ${grid.join(', ')}; chose T_s ${sharpenTime}, β ${idealWeight}`);
      return {
        model: new Bspm(c.split, c.rng, { ...BSPM_SETTINGS, ...choice.chosen, log: c.log }),
        selectSeconds: choice.seconds,
        note:
          `T_s ${sharpenTime}, β ${idealWeight} chosen on validation (5 % of train, users ≡ 0 mod 5; ` +
          `Recall@20 ${grid.join(', ')}); ` +
          "rank 448, one RK4 sharpening step, early merge (the paper's). Time = eigendecomposition; " +
          'the blurring and sharpening run per user at scoring time (eval s)',
      };
    },
  },
};

/** Every recipe `recipe` builds on, directly or not (its `needs` and `refitOf`), each once, inputs first. */
export function gowallaPrerequisites(recipe: string): string[] {
  const r = GOWALLA_RECIPES[recipe];
  const direct = r?.kind === 'trained' ? [...(r.needs ?? []), ...(r.refitOf ? [r.refitOf] : [])] : [];
  return [...new Set(direct.flatMap((d) => [...gowallaPrerequisites(d), d]))];
}

/** What `npm run repro:gowalla` records per model (data/cache/gowalla/<recipe>-seed<seed>.json). */
export interface GowallaResult {
  recipe: string;
  name: string;
  epochs: number;
  /** Wall-clock training seconds (evaluation excluded) on the shared machine. */
  trainSeconds: number;
  /** The training budget (seconds) of the run that recorded it; absent in results recorded before it was kept. */
  budgetSeconds?: number;
  evalSeconds: number;
  peakRssMiB: number;
  /** Test metrics of the kept epoch: the last one, or with validation the best on it. */
  summary: RankingSummary[];
  /** The run's epoch cap: the recipe's `maxEpochs`, or for a refit the epochs its validation run kept. */
  epochCap?: number;
  /** A filter whose settings were chosen on validation: seconds of that choice (not in trainSeconds). */
  selectSeconds?: number;
  /** With validation: the kept epoch, and the share of training pairs held out to choose it. */
  bestEpoch?: number;
  validationShare?: number;
  curve: {
    epoch: number;
    trainSeconds: number;
    loss: number;
    recall20?: number;
    ndcg20?: number;
    validationRecall20?: number;
  }[];
  note?: string;
}

export function gowallaResultFile(recipe: string, seed: number): string {
  return path.join(cacheDir(), 'gowalla', `${recipe}-seed${seed}.json`);
}

/** The recorded result of `recipe`, or null when it has none; named as the recipe is now. */
export function readGowallaResult(recipe: string, seed: number): GowallaResult | null {
  const file = gowallaResultFile(recipe, seed);
  if (!fs.existsSync(file)) return null;
  const result = JSON.parse(fs.readFileSync(file, 'utf8')) as GowallaResult;
  return { ...result, name: GOWALLA_RECIPES[recipe]?.name ?? result.name };
}

/** The recorded results of every recipe that has one, in recipe order. */
export function gowallaResults(seed = 1): GowallaResult[] {
  return Object.keys(GOWALLA_RECIPES)
    .map((r) => readGowallaResult(r, seed))
    .filter((r): r is GowallaResult => r !== null);
}
