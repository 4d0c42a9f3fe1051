// SASRec training steps on Amazon-Games-sized synthetic sequences (23 715 items, d = 50, batch 128):
// lazy Adam over the embedding rows a batch reads against dense Adam over the whole table (the
// paper's), in alternating repetitions of the same 10 steps, printed as a ratio.
import { chooseBackend } from '../lib/tf';
import { Sasrec, type SasrecOptions } from '../lib/models/sequential/sasrec';
import { Rng } from '../lib/random/rng';
import { cliOptions } from '../scripts/cli-options';
import { fmtMs, fmtSpread, ratioSpread, spread } from './support/timing';

cliOptions({}); // no options: any given is an error

const ITEMS = 23_715;
const STEPS = 10;
const REPS = 5;

/** 2 000 users with 3–20 items, drawn with Zipf-like popularity (as skewed as real item counts). */
function sequences(): Int32Array[] {
  const rng = new Rng(1);
  return Array.from({ length: 2000 }, () =>
    Int32Array.from({ length: 3 + rng.int(18) }, () => Math.floor(ITEMS ** rng.next()) - 1),
  );
}

async function main() {
  await chooseBackend();
  const seqs = sequences();
  const base: SasrecOptions = { numItems: ITEMS, loss: 'sampled-softmax', negatives: 256, batch: 128 };
  const lazy = new Sasrec(seqs, base, 1);
  const dense = new Sasrec(seqs, { ...base, lazyEmbedding: false }, 1);
  const steps = async (m: Sasrec, rep: number) => {
    let k = 0;
    const t0 = performance.now();
    await m.trainEpoch(new Rng(rep), { epoch: 1, outOfTime: () => k++ >= STEPS });
    return (performance.now() - t0) / STEPS;
  };
  await steps(lazy, 0);
  await steps(dense, 0);
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 1; r <= REPS; r++) {
    b.push(await steps(dense, r));
    a.push(await steps(lazy, r));
  }
  console.log(`dense Adam step: ${fmtMs(spread(b).median)}; lazy Adam step: ${fmtMs(spread(a).median)}`);
  console.log(`dense / lazy time per step: ${fmtSpread(ratioSpread(b, a), 2, 'x')} over ${REPS} paired repetitions`);
  lazy.dispose();
  dense.dispose();
}
main();
