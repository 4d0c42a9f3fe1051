// What one Amazon Games model contributes to `npm run repro:games`: how it trains under a budget.
import type { LeaveOneOutSplit } from '../../data/types';
import type { NextItemMetrics, NextItemScorer } from '../../metrics/next-item';

export interface GamesRecipeContext {
  readonly seed: number;
  /** Training time allowed (evaluation excluded). */
  readonly budgetSeconds: number;
  /** fit()'s checkpoint file: an existing one resumes the run exactly. */
  readonly checkpointFile: string;
  /** Both metrics on the validation items (history = training items): the only input to model selection. */
  readonly validate: (scorer: NextItemScorer) => Promise<NextItemMetrics>;
  readonly log: (line: string) => void;
  /**
   * Where a member model of this recipe (`GamesRecipe.members`) was trained: its checkpoint and the
   * budget it was recorded with. Throws when the member has no recorded run with this seed.
   */
  readonly member: (recipe: string) => { readonly checkpointFile: string; readonly budgetSeconds: number };
}

/** A member model of a combined recipe, as trained. */
export interface GamesMember {
  readonly recipe: string;
  readonly epochs: number;
  readonly trainMinutes: number;
}

export interface GamesTrained {
  readonly scorer: NextItemScorer;
  readonly epochs: number;
  readonly trainSeconds: number;
  /** The validation metrics the recipe selected on (its best epoch's), if it evaluated. */
  readonly validation?: NextItemMetrics;
  /** A combined recipe's members (trained apart, each under its own budget). */
  readonly members?: readonly GamesMember[];
  /** What the recipe chose on validation, in words (recorded with the result). */
  readonly chosen?: string;
}

export interface GamesRecipe {
  /** Short name used on the command line and in the record (e.g. `pop`, `markov`, `sasrec-bce`). */
  readonly name: string;
  /** One line on the model and its settings, printed in the table. */
  readonly describe: string;
  /**
   * Recipes whose trained models this one combines: `runGamesRecipes` trains them first (side by
   * side when it can), and `train` loads them through `ctx.member`.
   */
  readonly members?: readonly string[];
  train(split: LeaveOneOutSplit, ctx: GamesRecipeContext): Promise<GamesTrained>;
}
