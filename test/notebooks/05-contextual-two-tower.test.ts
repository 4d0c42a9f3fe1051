import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runNotebook } from '../support/notebook';
import { itRunsAndRendersReport } from '../support/notebook-checks';

describe('notebook 05 · contextual sequential two-tower and the ads funnel', () => {
  // A 6 % world (300 ads) and one epoch (104 steps per model) keep the run short. The training budget
  // is no longer what stops training (a wall-clock budget made the steps, and so every metric, depend
  // on the machine's load: 101–204 steps in 40 s measured); the floors below sit near what these
  // parameters measured (values in comments). The GAT trains full batch with patience 20, the
  // configuration its floors were measured at (the mini-batch default is covered by the link-model tests).
  const run = runNotebook('05-contextual-two-tower', {
    SCALE: 0.06, EPOCHS: 1, TRAIN_BUDGET_SECONDS: 900, EVAL_REQUESTS: 300, FUNNEL_REQUESTS: 300, CANDIDATES: 50, BOOTSTRAP: 200, GAT_EPOCHS: 15, GAT_PATIENCE: 20, GAT_MINI_BATCH: 0,
    // Section 7 on a tiny grid: the default world and one with 4× the subject pin's pull, each a 3 % world (150 ads).
    SWEEP_CONTEXT_PULL: [1, 4], SWEEP_DRIFT: [0.5], SWEEP_RELATED_PINS: [0.7], SWEEP_SCALE: 0.03, SWEEP_EPOCHS: 1, SWEEP_REQUESTS: 200,
    SWEEP_CANDIDATES: 10,
    // Section 8 as a fresh clone sees it: no reproduction is recorded for seed 7, so popularity trains here
    // (or, on a rerun, comes from this checkout's cache); the recorded run (seed 1) is not shown.
    GAMES_SEED: 7, GAMES_MODELS: 'pop', GAMES_MINUTES: 0.04,
  }, { timeoutSeconds: 1800 });
  const m = run.metrics as Record<string, number>;
  const verdicts = run.metrics as Record<string, string>;

  itRunsAndRendersReport(run, 3);

  it('orders retrieval as the world allows: popularity < context-blind < contextual ≤ Bayes-optimal', () => {
    assert.equal(m.ads, 300);
    // Measured Recall@10 (official-SASRec encoder): popularity 0.213, context-blind 0.490, contextual 0.590,
    // Bayes-optimal 0.666 (pre-LN encoder: 0.473 and 0.530).
    assert.ok(m.recall10_popularity < m.recall10_blind - 0.15, `${m.recall10_popularity} vs ${m.recall10_blind}`);
    assert.ok(m.recall10_blind < m.recall10_contextual, `${m.recall10_blind} vs ${m.recall10_contextual}`);
    // The Bayes-optimal expected recall bounds any model up to sampling noise of 300 requests.
    assert.ok(m.recall10_contextual < m.recall10_bayes + 0.08, `${m.recall10_contextual} vs Bayes ${m.recall10_bayes}`);
    assert.ok(m.mrr_contextual > m.mrr_blind, `MRR ${m.mrr_contextual} vs ${m.mrr_blind}`);
    // The calibrated ranker (measured ECE 0.020; the auction multiplies its output by the bid).
    assert.ok(m.ranker_ece_calibrated < 0.04, `ECE ${m.ranker_ece_calibrated}`);
  });

  it('reports each reference claim with the direction these parameters measure, and lifts of the signs it states', () => {
    // Recall@10 lift 1.204 [1.137, …] and above 1 at every K (min 1.051), with the official-SASRec encoder
    // (pre-LN: 1.120 [1.043], min 1.084): the right direction, its interval above 1, not 3–10×.
    assert.ok(m.recall_lift_k10 > 1.1 && m.recall_lift_k10_lower > 1, `lift ${m.recall_lift_k10} (lower ${m.recall_lift_k10_lower})`);
    assert.ok(m.recall_lift_min > 1.03, `smallest lift ${m.recall_lift_min}`);
    assert.equal(verdicts.verdict_recall, 'direction only');
    // Median candidate relevance +2.5 % (pre-LN: +5.2 %): the right direction, not +275–300 %.
    assert.ok(m.relevance_lift > 0.02 && m.relevance_lift < 2.75, `relevance lift ${m.relevance_lift}`);
    assert.equal(verdicts.verdict_relevance, 'direction only');
    // The sequential generator already wins most impressions (98 %) and the contextual one no more (885 → 880).
    assert.ok(m.impression_share_seq_control > 0.9, `share ${m.impression_share_seq_control}`);
    assert.ok(m.impressions_seq_treatment <= m.impressions_seq_control, `${m.impressions_seq_control} → ${m.impressions_seq_treatment}`);
    assert.equal(verdicts.verdict_impressions, 'does not reproduce');
    assert.equal(verdicts.verdict_impression_share, 'does not reproduce');
    // Expected ROAS does not rise as reported (+0.7 %): −0.2 %, 95 % interval −1.6 % to +1.3 %, with the
    // official-SASRec encoder (pre-LN: −3.0 %, interval −5.3 % to −0.7 %).
    assert.ok(m.expected_roas_lift < 0.007 && m.expected_roas_lift_lower < 0, `expected ROAS lift ${m.expected_roas_lift} (lower ${m.expected_roas_lift_lower})`);
    assert.equal(verdicts.verdict_roas, 'does not reproduce');
    assert.equal(m.claims_reproduced, 0);
    assert.equal(m.funnel_requests, 300);
  });

  it("records the GAT-based generator: a retriever better than chance, with a share of the funnel's impressions", () => {
    // Measured: test AUC 0.717, Recall@10 0.057 (random: 10 / 300 = 0.033), 39 exclusive impressions.
    assert.ok(m.gat_test_auc > 0.69 && m.gat_test_auc < 1, `GAT test AUC ${m.gat_test_auc}`);
    assert.ok(m.recall10_gat > 10 / 300, `GAT Recall@10 ${m.recall10_gat}`);
    assert.ok(m.mrr_gat > 0 && m.mrr_gat <= 1);
    assert.ok(m.impression_share_gat > 0.3 && m.impression_share_gat <= 1, `share ${m.impression_share_gat}`);
    assert.ok(m.exclusive_impressions_gat > 0 && m.exclusive_impressions_gat <= m.impressions_gat);
    assert.ok(m.median_relevance_gat > 0 && m.median_relevance_gat < 1);
  });

  it('sweeps the worlds of section 7 and states what it found: more pull, more lift, and no world where all four claims hold', () => {
    assert.equal(m.sweep_points, 2);
    assert.equal(m.sweep_max_pull, 4);
    // Measured Recall@10 lift: 1.095 in the default world, 1.490 [1.316, …] with 4× the pull (pre-LN: 1.086, 1.490);
    // the prose says context pays more with the pull only when the intervals part, as they do here.
    assert.ok(m.sweep_lift_k10_max_pull_lower > 1.15, `lift ${m.sweep_lift_k10_max_pull} (lower ${m.sweep_lift_k10_max_pull_lower})`);
    assert.ok(m.sweep_lift_k10_max_pull > m.sweep_lift_k10_default + 0.2, `${m.sweep_lift_k10_max_pull} vs ${m.sweep_lift_k10_default}`);
    assert.equal(verdicts.sweep_pull_pays as unknown, true);
    assert.equal(m.sweep_best_lift_k10, m.sweep_lift_k10_max_pull);
    // The context-blind generator keeps most impressions in both worlds (measured 93.3 % and 94.8 %), nowhere under 1 %.
    assert.ok(m.sweep_share_blind_min > 0.5 && m.sweep_share_blind_max <= 1, `${m.sweep_share_blind_min}–${m.sweep_share_blind_max}`);
    assert.equal(m.sweep_claims_hold_points, 0);
    assert.equal(m.sweep_recall_claim_points, 0);
  });

  it('shows the Amazon Games models trained here next to the paper, or skips saying why', () => {
    if (verdicts.games_skipped) {
      assert.match(verdicts.games_skipped, /amazon-games/);
      return;
    }
    assert.equal(m.games_models_recorded, 0);
    assert.equal(m.games_models_here, 1);
    assert.equal(verdicts.games_best_model, 'pop');
    // Popularity on the sampled protocol (measured HR@10 0.479, NDCG@10 0.279 at seed 7; the recorded seed-1 run
    // has 0.479 / 0.279 too): far below the paper's SASRec (0.741 / 0.536), and far lower still on full ranking.
    assert.ok(m.games_best_sampled_hr10 > 0.45 && m.games_best_sampled_hr10 < 0.51, `HR@10 ${m.games_best_sampled_hr10}`);
    assert.ok(m.games_best_sampled_ndcg10 > 0.26 && m.games_best_sampled_ndcg10 < 0.3, `NDCG@10 ${m.games_best_sampled_ndcg10}`);
    assert.ok(m.games_best_full_hr10 < m.games_best_sampled_hr10 / 10, `full HR@10 ${m.games_best_full_hr10}`);
  });
});
