import { PinlabInputError } from '../../errors';
import { MARKOV_RECIPE, POPULARITY_RECIPE } from './baseline-recipes';
import type { GamesRecipe } from './recipe';

/** Every model `npm run repro:games` knows, in the order it runs them by default. */
export const GAMES_RECIPES: GamesRecipe[] = [
  POPULARITY_RECIPE,
  MARKOV_RECIPE,
  // SASRec's recipes (sasrec-recipes.ts) join here: ...SASREC_RECIPES,
];

/** Published Amazon Games results on the sampled-100 protocol (Kang & McAuley, ICDM 2018, Table III). */
export const GAMES_PUBLISHED = [{ model: 'SASRec (paper)', hr: 0.741, ndcg: 0.536 }] as const;

export function gamesRecipe(name: string): GamesRecipe {
  const r = GAMES_RECIPES.find((x) => x.name === name);
  if (!r) {
    const known = GAMES_RECIPES.map((x) => x.name).join(', ');
    throw new PinlabInputError('models', `unknown Amazon Games model '${name}' (known: ${known})`);
  }
  return r;
}
