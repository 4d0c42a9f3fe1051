import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runNotebook } from '../support/notebook';
import { itRunsAndRendersReport } from '../support/notebook-checks';
import { compareRevenue, expectedRevenue, myersonReserve, truthfulnessSurvey, uniformValues } from '../../lib/auction';
import { Rng } from '../../lib/random/rng';

const SEED = 7; // the notebook's default, not overridden below
const SLOT_CTRS = [1, 0.6, 0.35];
const close = (a: unknown, b: number, tol = 1e-9) => assert.ok(typeof a === 'number' && Math.abs(a - b) <= tol * (1 + Math.abs(b)), `${String(a)} vs ${b}`);

describe('notebook 02 · auction theory', () => {
  const params = { VICKREY_TRIALS: 3000, RANDOM_GAMES: 25, CURVE_POINTS: 41, MC_ROUNDS: 3000 };
  const run = runNotebook('02-auction-theory', params);
  const m = run.metrics;
  // The report check keeps one Chromium open for speed; close it or this process never exits.
  
  itRunsAndRendersReport(run, 6);

  it('checks Vickrey dominance numerically: no deviation ever gains', () => {
    assert.equal(m.vickrey_trials, 3000);
    assert.ok(typeof m.vickrey_max_gain === 'number' && m.vickrey_max_gain <= 0);
  });

  it("reproduces EOS (2007)'s example: $1,200 truthful vs $1,592 deviating, VCG 800, equilibrium revenue = VCG", () => {
    assert.equal(m.eos_gsp_revenue, 1198);
    close(m.eos_vcg_revenue, 800);
    assert.equal(m.eos_truthful_utility, 1200);
    assert.equal(m.eos_deviation_utility, 1592);
    assert.equal(m.eos_vcg_has_deviation, false);
    close(m.eos_equilibrium_gsp_revenue, 800);
    close(m.eos_equilibrium_bid_2, 2.01);
    assert.equal(m.eos_equilibrium_has_deviation, false);
  });

  it("reports the library's deviation search on the random games", () => {
    const survey = truthfulnessSurvey(new Rng(SEED).fork('games'), params.RANDOM_GAMES, 6, SLOT_CTRS);
    assert.equal(m.random_games, params.RANDOM_GAMES);
    assert.equal(m.gsp_games_with_deviation, survey.gspGamesWithDeviation);
    // Independent of the survey code: VCG is truthful (a theorem), GSP is not in most random games.
    assert.ok(survey.gspGamesWithDeviation > params.RANDOM_GAMES / 2);
    assert.equal(m.vcg_games_with_deviation, 0);
    assert.ok(typeof m.eos_max_revenue_gap === 'number' && m.eos_max_revenue_gap < 1e-12);
    assert.equal(m.eos_games_with_deviation, 0);
  });

  it('ranks by eCPM: more expected actions than ranking by bid alone', () => {
    assert.ok((m.ecpm_expected_actions as number) > (m.bid_only_expected_actions as number));
    assert.ok((m.ecpm_revenue_usd as number) > 0 && (m.bid_only_revenue_usd as number) > 0);
  });

  it("records Myerson's textbook numbers: r* = 1/2, revenue 1/3 → 5/12", () => {
    close(m.myerson_reserve, 0.5, 1e-12);
    close(m.revenue_2_bidders, 1 / 3, 1e-12);
    close(m.revenue_2_bidders_reserve, 5 / 12, 1e-12);
  });

  it('records the Monte Carlo comparison the library computes, consistent with revenue equivalence', () => {
    const U = uniformValues();
    const mc = new Rng(SEED).fork('monte-carlo');
    const want = compareRevenue({ dist: U, bidders: 5, slotCtrs: SLOT_CTRS, reserve: 0, rounds: params.MC_ROUNDS, rng: mc.fork('r0') });
    assert.equal(m.mc_rounds, params.MC_ROUNDS);
    assert.equal(m.mc_vcg, want.revenue.vcg.mean);
    assert.equal(m.mc_first_price, want.revenue['first-price'].mean);
    assert.equal(m.mc_analytic, expectedRevenue({ dist: U, bidders: 5, slotCtrs: SLOT_CTRS }));
    close(m.mc_analytic_reserve, expectedRevenue({ dist: U, bidders: 5, slotCtrs: SLOT_CTRS, reserve: myersonReserve(U) }), 1e-12);
    assert.ok((m.mc_analytic_reserve as number) > (m.mc_analytic as number));
    assert.equal(m.mc_gsp_eos, m.mc_vcg);
    assert.equal(m.mc_gsp_eos_reserve, m.mc_vcg_reserve);
    assert.ok((m.mc_gsp_truthful as number) > (m.mc_vcg as number) + 4 * (m.mc_vcg_stderr as number));
    assert.ok((m.mc_max_abs_z as number) < 4);
  });
});
