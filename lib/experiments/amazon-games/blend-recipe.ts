import * as fs from 'node:fs';
import { PinlabInputError } from '../../errors';
import { evaluateNextItemVariants } from '../../metrics/next-item';
import { blendVariants, ScoreBlend } from '../../models/sequential/score-blend';
import type { GamesRecipe, GamesTrained } from './recipe';
import { bestOnValidation, GAMES_SELECTION } from './selection';

/**
 * An ensemble of two trained recipes: s = s_first + λ · s_second, with λ chosen from `weights` on
 * validation (`GAMES_SELECTION`; ties go to the earlier λ). The members are trained by their own
 * recipes, each under its own budget on its own core (`npm run repro:games` runs them side by side),
 * and loaded here from their checkpoints: this recipe trains nothing. Its training time is the
 * longest member's, the wall time of training both at once on two cores.
 */
export function blendRecipe(
  name: string,
  describe: string,
  members: readonly [GamesRecipe, GamesRecipe],
  weights: readonly number[],
): GamesRecipe {
  if (weights.length === 0) throw new PinlabInputError('weights', 'at least one λ to choose from');
  return {
    name,
    describe,
    members: members.map((m) => m.name),
    async train(split, ctx) {
      const trained: GamesTrained[] = [];
      for (const m of members) {
        const at = ctx.member(m.name);
        if (!fs.existsSync(at.checkpointFile)) {
          throw new PinlabInputError(
            'models',
            `${name} needs ${m.name}'s checkpoint ${at.checkpointFile}, which is missing`,
          );
        }
        // A finished checkpoint resumes without training: fit() restores its kept best state.
        trained.push(await m.train(split, { ...ctx, ...at }));
      }
      const scorers = trained.map((t) => t.scorer);
      const vectors = weights.map((w) => [1, w]);
      const metrics = await evaluateNextItemVariants(blendVariants(scorers, vectors), vectors.length, split, {
        stage: 'valid',
        seed: ctx.seed,
      });
      const best = bestOnValidation(metrics, (m) => m);
      const curve = weights.map((w, i) => `${w} ${GAMES_SELECTION.value(metrics[i]).toFixed(4)}`).join(', ');
      const chosen = `λ = ${weights[best]} (${GAMES_SELECTION.label} by λ: ${curve})`;
      ctx.log(`${name}: ${chosen}`);
      return {
        scorer: new ScoreBlend(scorers, vectors[best]),
        epochs: trained.reduce((s, t) => s + t.epochs, 0),
        trainSeconds: Math.max(...trained.map((t) => t.trainSeconds)),
        validation: metrics[best],
        members: trained.map((t, i) => ({
          recipe: members[i].name,
          epochs: t.epochs,
          trainMinutes: t.trainSeconds / 60,
        })),
        chosen,
      };
    },
  };
}
