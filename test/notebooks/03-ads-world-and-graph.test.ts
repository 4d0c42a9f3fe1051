import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectRenderedReport, runNotebook } from '../support/notebook';
import { generateWorld } from '../../lib/data/world/generate';
import { buildEdges } from '../../lib/graph/edges';
import { toCsr } from '../../lib/graph/csr';
import { temporalLinkSplit } from '../../lib/graph/split';
import { rocAuc } from '../../lib/metrics/classification';


describe('notebook 03 · the synthetic ads world and its graph', () => {
  // A 5 % world (500 users, 2 500 items) keeps the run short; the library recomputes the same numbers.
  const params = { SEED: 7, SCALE: 0.05, WALK_STEPS: 300, ORACLE_REQUESTS: 60, SUBGRAPH_USERS: 2 };
  const run = runNotebook('03-ads-world-and-graph', params);
  const world = generateWorld({ seed: 7, scale: 0.05 });

  it('runs without a failing cell', () => {
    assert.equal(run.status, 'ok', `${run.error}\n${run.output}`);
  });

  it('exports a report whose charts render offline', async () => {
    await expectRenderedReport(run, 8);
  });

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

  it('records ground-truth metrics in their valid ranges', () => {
    const m = run.metrics as Record<string, number>;
    for (const k of ['bayes_ctr_auc', 'expected_ctr_auc', 'link_test_oracle_auc']) assert.ok(m[k] > 0.6 && m[k] < 1, `${k} = ${m[k]}`);
    assert.ok(Math.abs(m.bayes_ctr_auc - m.expected_ctr_auc) < 0.05);
    assert.ok(m.main_share_last_week < m.main_share_first_week, 'interests drift away from the initial main interest');
    assert.ok(m.oracle_recall_at_10 > 10 / 250, 'the oracle beats random retrieval');
    assert.ok(m.walk_same_category_weight > m.walk_same_category_chance);
    assert.equal(m.niche_claim_holds, m.niche_gap > 2 * m.niche_gap_se && m.niche_top_share_concentrated > m.niche_top_share_diverse);
  });
});
