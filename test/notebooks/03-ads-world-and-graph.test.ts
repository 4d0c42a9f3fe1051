import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runNotebook } from '../support/notebook';
import { itRunsAndRendersReport } from '../support/notebook-checks';
import { generateWorld } from '../../lib/data/world/generate';
import { buildEdges } from '../../lib/graph/edges';
import { toCsr } from '../../lib/graph/csr';
import { temporalLinkSplit } from '../../lib/graph/split';
import { rocAuc } from '../../lib/metrics/classification';
import { nicheDynamics } from '../../lib/graph/stats';


describe('notebook 03 · the synthetic ads world and its graph', () => {
  // A 5 % world (500 users, 2 500 items) keeps the run short; the library recomputes the same numbers.
  const params = { SEED: 7, SCALE: 0.05, WALK_STEPS: 300, ORACLE_REQUESTS: 60, SUBGRAPH_USERS: 2 };
  const run = runNotebook('03-ads-world-and-graph', params);
  const world = generateWorld({ seed: 7, scale: 0.05 });

  itRunsAndRendersReport(run, 8);

  it('records the world the library generates for the same seed and scale', () => {
    const m = run.metrics;
    assert.equal(m.users, 500);
    assert.equal(m.items, 2500);
    assert.equal(m.ads, 250);
    assert.equal(m.sessions, world.sessions.count);
    assert.equal(m.interactions, world.interactions.count);
    let engaged = 0;
    for (let r = 0; r < world.interactions.count; r++) if (world.interactions.outcome[r]) engaged++;
    assert.equal(m.engagements, engaged);
    assert.match(String(m.content_hash), /^[0-9a-f]{64}$/);
  });

  it('records the graph and split the library builds', () => {
    const m = run.metrics;
    const edges = buildEdges(world, { halfLifeDays: 14 });
    assert.equal(m.graph_nodes, edges.nodes.count);
    assert.equal(m.graph_edges, edges.count);
    assert.equal(m.csr_arcs, toCsr(edges).indices.length);
    const split = temporalLinkSplit(world, { seed: 7, edges: { halfLifeDays: 14 } });
    const positives = split.test.label.reduce((a, b) => a + b, 0);
    assert.equal(m.link_test_positives, positives);
    assert.equal(m.link_test_oracle_auc, Number(rocAuc(split.test.pTrue, split.test.label).toFixed(4)));
  });

  // Floors below are set near what these parameters measured (seed 7, scale 0.05; values in comments).
  it('records a world whose ground truth behaves as the notebook says', () => {
    const m = run.metrics as Record<string, number>;
    // The Bayes-optimal CTR AUC on the last 15 % of ad impressions (measured 0.834 realised, 0.821 expected).
    assert.ok(m.bayes_ctr_auc > 0.8 && m.bayes_ctr_auc < 1, `realised ${m.bayes_ctr_auc}`);
    assert.ok(Math.abs(m.bayes_ctr_auc - m.expected_ctr_auc) < 0.05);
    // Interests drift away from the initial main interest (measured 0.799 → 0.585).
    assert.ok(m.main_share_first_week - m.main_share_last_week > 0.15, `${m.main_share_first_week} → ${m.main_share_last_week}`);
    // The Bayes-optimal retriever finds the engaged ad in its top 10 of 250 far above chance (measured 0.753; chance 0.04).
    assert.ok(m.oracle_recall_at_10 > 0.65, `oracle Recall@10 ${m.oracle_recall_at_10}`);
    // Importance neighbourhoods concentrate in the source ad's category (measured 0.536 against chance 0.112).
    assert.ok(m.walk_same_category_weight > 0.45 && m.walk_same_category_chance < 0.15, `${m.walk_same_category_weight} vs ${m.walk_same_category_chance}`);
  });

  it('finds the niche claim holding: diverse users wander to new categories, concentrated users deepen', () => {
    const m = run.metrics as Record<string, number | boolean>;
    assert.equal(m.niche_claim_holds, true);
    // Gap in the share touching a new category, diverse − concentrated fifth (measured 0.262 ± 0.079 s.e.).
    assert.ok((m.niche_gap as number) > 0.2 && (m.niche_gap as number) > 2 * (m.niche_gap_se as number), `gap ${m.niche_gap} ± ${m.niche_gap_se}`);
    // Share kept in the early top category (measured 0.914 concentrated vs 0.387 diverse).
    assert.ok((m.niche_top_share_concentrated as number) - (m.niche_top_share_diverse as number) > 0.4);
    // The library's verdict on the same world (its rule is unit-tested on hand-built worlds).
    assert.equal(nicheDynamics(world, { first: 10, next: 10, groups: 5 }).claimHolds, true);
  });
});
