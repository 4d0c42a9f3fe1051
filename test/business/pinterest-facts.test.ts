import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { throwsOn } from './throws';
import { writeFileAtomic } from '../../lib/io/atomic';
import {
  AD_REVENUE_UNIT,
  adRevenuePoints,
  factValue,
  loadBusinessFacts,
  loadFunnel,
  loadRankingModels,
  loadTimeline,
} from '../../lib/business/pinterest-facts';

describe('the committed Pinterest fact tables', () => {
  it('hold the timeline the seeds give, in order', () => {
    const t = loadTimeline();
    assert.deepEqual(
      t.map((e) => [e.when, e.event, e.qualifier]),
      [
        ['before founding', 'Tote', 'none'],
        ['2010', 'Founded', 'none'],
        ['2012', 'passes 10M monthly users', 'lower-bound'],
        ['2013', 'Promoted Pins', 'none'],
        ['2019', 'IPO', 'approx'],
        ['today (undated post)', 'Ads at scale', 'approx'],
      ],
    );
    assert.ok(['Ben Silbermann', 'Paul Sciarra', 'Evan Sharp'].every((n) => t[1].detail.includes(n)));
    assert.equal(t[2].value, 10_000_000);
    assert.ok(t.every((e) => e.source === 'seeds/001'));
  });
  it('give two ad revenue points, both approximate', () => {
    const points = adRevenuePoints(loadTimeline());
    assert.deepEqual(
      points.map((p) => [p.year, p.value, p.qualifier, p.unit]),
      [
        [2019, 1.2e9, 'approx', AD_REVENUE_UNIT],
        [null, 4.2e9, 'approx', AD_REVENUE_UNIT],
      ],
    );
  });
  it('hold the four funnel stages with counts only where the seeds give them', () => {
    const f = loadFunnel();
    assert.deepEqual(
      f.map((s) => [s.stage, s.candidates_in, s.candidates_out, s.qualifier]),
      [
        ['candidate retrieval', 1_000_000, 1_000, 'order-of-magnitude'],
        ['heavyweight ranking', 1_000, null, 'order-of-magnitude'],
        ['auction', null, null, 'none'],
        ['allocation', null, null, 'none'],
      ],
    );
  });
  it('hold the three ranking-model eras in order', () => {
    assert.deepEqual(
      loadRankingModels().map((m) => m.family),
      ['traditional ML', 'deep neural networks', 'transformers'],
    );
  });
  it('hold the worked conversion example and the seed 003 lifts', () => {
    const facts = loadBusinessFacts();
    assert.equal(factValue(facts, 'conversion_rate_before'), 0.025);
    assert.equal(factValue(facts, 'conversion_rate_after'), 0.035);
    assert.equal(factValue(facts, 'ad_driven_sales'), 10_000_000);
    assert.equal(factValue(facts, 'roas_lift_contextual_two_tower'), 0.007);
    assert.equal(facts.find((f) => f.key === 'ad_driven_sales')?.source, 'seeds/000');
  });
  it('factValue names a missing key or a fact without a number', () => {
    const facts = loadBusinessFacts();
    throwsOn('key', () => factValue(facts, 'nope'), "no fact 'nope'");
    throwsOn('key', () => factValue(facts, 'serving_qps'), 'has no number');
  });
});

describe('fact table consistency rules', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-facts-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (file: string, text: string) => writeFileAtomic(path.join(dir, file), text);
  const timelineHeader = 'when,year,event,detail,value,unit,qualifier,source\n';
  const factsHeader = 'key,value,unit,qualifier,statement,source\n';

  it("reject a number qualified 'none' and a qualifier without a number", () => {
    write('timeline.csv', `${timelineHeader}2019,2019,IPO,d,5,USD,none,seeds/001\n`);
    throwsOn('timeline.csv:qualifier', () => loadTimeline(dir), "line 2: is 'none' but the row has a number");
    write('timeline.csv', `${timelineHeader}2019,2019,IPO,d,,,approx,seeds/001\n`);
    throwsOn('timeline.csv:qualifier', () => loadTimeline(dir), "is 'approx' but the row has no number");
    write('funnel.csv', 'stage,role,candidates_in,candidates_out,qualifier,note,source\nr,x,,,exact,n,seeds/002\n');
    throwsOn('funnel.csv:qualifier', () => loadFunnel(dir), 'has no number');
  });
  it('reject a value without a unit and a unit without a value', () => {
    write('facts.csv', `${factsHeader}k,3,,exact,s,seeds/000\n`);
    throwsOn('facts.csv:unit', () => loadBusinessFacts(dir), 'line 2: must be given exactly when value is');
    write('timeline.csv', `${timelineHeader}2019,2019,IPO,d,,USD,none,seeds/001\n`);
    throwsOn('timeline.csv:unit', () => loadTimeline(dir));
  });
  it('reject a repeated fact key', () => {
    write('facts.csv', `${factsHeader}k,3,USD,exact,s,seeds/000\nk,4,USD,exact,s,seeds/000\n`);
    throwsOn('facts.csv:key', () => loadBusinessFacts(dir), "'k' appears twice");
  });
  it('reject a fractional year', () => {
    write('timeline.csv', `${timelineHeader}2019,2019.5,IPO,d,,,none,seeds/001\n`);
    throwsOn('timeline.csv:year', () => loadTimeline(dir), 'integer');
  });
});
