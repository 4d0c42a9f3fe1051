import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectRenderedReport, runNotebook } from '../support/notebook';

describe('notebook 05 · contextual sequential two-tower and the ads funnel', () => {
  // Small world and short training: the assertions check consistency and ordering, not the report's sizes.
  const run = runNotebook('05-contextual-two-tower', {
    SCALE: 0.12, EPOCHS: 1, TRAIN_BUDGET_SECONDS: 40, EVAL_REQUESTS: 300, FUNNEL_REQUESTS: 300, CANDIDATES: 50, BOOTSTRAP: 200, GAT_EPOCHS: 15,
  }, { timeoutSeconds: 1500 });

  it('runs without a failing cell', () => {
    assert.equal(run.status, 'ok', `${run.error}\n${run.output}`);
  });

  it('exports a report whose charts render offline', async () => {
    await expectRenderedReport(run, 3);
  });

  it('records retrieval metrics ordered as the world allows: popularity < context-blind < contextual ≤ Bayes-optimal', () => {
    const m = run.metrics as Record<string, number>;
    assert.equal(m.ads, 600);
    assert.ok(m.recall10_popularity < m.recall10_blind, `${m.recall10_popularity} vs ${m.recall10_blind}`);
    assert.ok(m.recall10_blind < m.recall10_contextual, `${m.recall10_blind} vs ${m.recall10_contextual}`);
    // The Bayes-optimal expected recall bounds any model up to sampling noise of 300 requests.
    assert.ok(m.recall10_contextual < m.recall10_bayes + 0.08, `${m.recall10_contextual} vs Bayes ${m.recall10_bayes}`);
    assert.ok(Math.abs(m.recall_lift_k10 - m.recall10_contextual / m.recall10_blind) < 1e-9);
    assert.ok(m.recall_lift_min <= m.recall_lift_k10 && m.recall_lift_k10 <= m.recall_lift_max);
    assert.ok(m.ranker_ece_calibrated < 0.05, `ECE ${m.ranker_ece_calibrated}`);
  });

  it('records funnel outcomes that are internally consistent', () => {
    const m = run.metrics as Record<string, number>;
    assert.equal(m.funnel_requests, 300);
    assert.ok(m.relevance_lift > 0, `relevance lift ${m.relevance_lift}`);
    assert.ok(m.impression_share_seq_control > 0 && m.impression_share_seq_control <= 1);
    assert.ok(m.impression_share_seq_treatment > 0 && m.impression_share_seq_treatment <= 1);
    assert.ok(Math.abs(m.roas_lift - (m.roas_treatment / m.roas_control - 1)) < 1e-9);
    assert.ok(m.claims_reproduced >= 0 && m.claims_reproduced <= 5);
  });

  it('records the GAT-based generator: a retriever better than chance, with a share of the funnel\'s impressions', () => {
    const m = run.metrics as Record<string, number>;
    assert.ok(m.gat_test_auc > 0.55 && m.gat_test_auc < 1, `GAT test AUC ${m.gat_test_auc}`);
    // Random retrieval's expected Recall@10 is 10 / 600.
    assert.ok(m.recall10_gat > 10 / 600, `GAT Recall@10 ${m.recall10_gat}`);
    assert.ok(m.mrr_gat > 0 && m.mrr_gat <= 1);
    assert.ok(m.impression_share_gat >= 0 && m.impression_share_gat <= 1, `share ${m.impression_share_gat}`);
    assert.ok(m.exclusive_impressions_gat <= m.impressions_gat);
    assert.ok(m.median_relevance_gat > 0 && m.median_relevance_gat < 1);
  });
});
