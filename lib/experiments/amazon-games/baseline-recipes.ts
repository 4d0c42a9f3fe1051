// The training-free baselines of the Amazon Games table: popularity and a first-order Markov chain.
import { MarkovChainScorer } from '../../models/sequential/markov-chain';
import { PopularityScorer } from '../../models/sequential/popularity';
import type { NextItemMetrics } from '../../metrics/next-item';
import type { GamesRecipe } from './recipe';
import { GAMES_SELECTION } from './selection';

export const POPULARITY_RECIPE: GamesRecipe = {
  name: 'pop',
  describe: 'popularity: training-item counts',
  async train(split) {
    const t0 = performance.now();
    const scorer = new PopularityScorer(split.train, split.numItems);
    return { scorer, epochs: 0, trainSeconds: (performance.now() - t0) / 1000 };
  },
};

/** The popularity-prior strengths β the Markov chain tries (see `MarkovChainOptions.backoff`). */
export const MARKOV_BACKOFFS = [0.01, 0.1, 1, 10, 100] as const;

export const MARKOV_RECIPE: GamesRecipe = {
  name: 'markov',
  describe: `first-order item→item Markov chain + β·popularity, β ∈ {${MARKOV_BACKOFFS.join(', ')}} by ${GAMES_SELECTION.label}`,
  async train(split, ctx) {
    let best: { scorer: MarkovChainScorer; validation: NextItemMetrics } | undefined;
    let fitSeconds = 0;
    for (const backoff of MARKOV_BACKOFFS) {
      const t0 = performance.now();
      const scorer = new MarkovChainScorer(split.train, split.numItems, { backoff });
      fitSeconds += (performance.now() - t0) / 1000;
      const validation = await ctx.validate(scorer);
      ctx.log(`markov β=${backoff}: ${GAMES_SELECTION.label} ${GAMES_SELECTION.value(validation).toFixed(4)}`);
      if (!best || GAMES_SELECTION.value(validation) > GAMES_SELECTION.value(best.validation)) {
        best = { scorer, validation };
      }
    }
    ctx.log(`markov: kept β=${best!.scorer.backoff}`);
    return { scorer: best!.scorer, epochs: 0, trainSeconds: fitSeconds, validation: best!.validation };
  },
};
