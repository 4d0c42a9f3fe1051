// What evaluating every Amazon Games user costs on top of the model: evaluateNextItem (one stage, both
// protocols: full ranking over all items and 100 sampled negatives) with the popularity scorer, against
// the baseline of that scorer alone producing the same score rows in the same batches (the memory
// traffic any evaluation must pay), paired and alternated so load affects both alike.
//   npm run bench -- next-item                 (the real data when present, else random sequences of its size)
//   npm run bench -- next-item --users 4096 --reps 5
import { loadAmazonGames, AMAZON_GAMES_COUNTS } from '../lib/data/datasets/amazon-games';
import { leaveOneOut } from '../lib/data/leave-one-out-split';
import type { ItemSequences } from '../lib/data/types';
import { evaluateNextItem } from '../lib/metrics/next-item';
import { PopularityScorer } from '../lib/models/sequential/popularity';
import { Rng } from '../lib/random/rng';
import { cliOptions } from '../scripts/cli-options';
import { cpuSecondsSince, fmtSpread, ratioSpread, spread } from './support/timing';

const options = cliOptions({
  users: { default: 0, help: 'evaluate the first N users only (0: all)' },
  reps: { default: 3, help: 'paired repetitions' },
  batch: { default: 256, help: 'histories per scoreAll call' },
});

/** Random sequences with the real set's counts (Zipf-like item popularity), for a machine without the data. */
function synthetic(): ItemSequences {
  const rng = new Rng(1);
  const { users, items, interactions } = AMAZON_GAMES_COUNTS;
  const per = interactions / users;
  const sequences = Array.from({ length: users }, () =>
    Int32Array.from({ length: 3 + rng.int(2 * per - 5) }, () => Math.floor(items * rng.next() ** 2)),
  );
  return { numUsers: users, numItems: items, sequences };
}

async function main(): Promise<void> {
  const g = loadAmazonGames();
  console.log(g.data ? 'data: amazon-games' : `data: random sequences of Amazon Games' size (${g.reason})`);
  const split = leaveOneOut(g.data ?? synthetic());
  if (options.users > 0) {
    for (let u = options.users; u < split.numUsers; u++) split.valid[u] = split.test[u] = -1;
  }
  const scorer = new PopularityScorer(split.train, split.numItems);
  const evaluated = split.train.filter((_, u) => split.test[u] >= 0);
  const cpu = (f: () => Promise<unknown>) => async () => {
    const c0 = process.cpuUsage();
    await f();
    return cpuSecondsSince(c0);
  };
  const evaluate = cpu(() => evaluateNextItem(scorer, split, { stage: 'test', seed: 1, batchSize: options.batch }));
  const scoreOnly = cpu(async () => {
    for (let b = 0; b < evaluated.length; b += options.batch) scorer.scoreAll(evaluated.slice(b, b + options.batch));
  });
  await evaluate();
  const e: number[] = [],
    s: number[] = [];
  for (let r = 0; r < options.reps; r++) {
    e.push(await evaluate());
    s.push(await scoreOnly());
  }
  console.log(
    `${evaluated.length} users × ${split.numItems} items, batch ${options.batch}, ${options.reps} paired reps (CPU s)`,
  );
  console.log(`  evaluateNextItem (test stage, full + sampled 100): ${fmtSpread(spread(e), 2, ' s')}`);
  console.log(`  scoreAll alone (baseline):                         ${fmtSpread(spread(s), 2, ' s')}`);
  console.log(`  evaluation ÷ baseline:                             ${fmtSpread(ratioSpread(e, s))}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
