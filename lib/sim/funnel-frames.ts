import type { DataFrame } from 'danfojs-node';
import { danfo } from '../data/world/frames';
import type { AbLifts, Lift } from './ab';
import type { FunnelReport } from './funnel';

/**
 * One row per funnel arm: volumes, CTR, money and relevance, plus revenue per 1 000 requests and
 * conversions per click, derived with danfojs column arithmetic.
 */
export function funnelArmsFrame(arms: readonly FunnelReport[]): DataFrame {
  const df = new (danfo().DataFrame)(
    arms.map((r) => ({
      arm: r.name,
      requests: r.requests,
      impressions: r.impressions,
      clicks: r.clicks,
      conversions: r.conversions,
      CTR: r.ctr,
      revenue: r.revenue,
      'attributed value': r.value,
      ROAS: r.roas,
      'expected ROAS': r.expectedRoas,
      'advertiser surplus': r.advertiserSurplus,
      'impression relevance': r.impressionRelevance,
    })),
  );
  const perThousand = df.column('revenue').div(df.column('requests')).mul(1000);
  df.addColumn('revenue per 1000 requests', perThousand, { inplace: true });
  df.addColumn('conversions per click', df.column('conversions').div(df.column('clicks')), { inplace: true });
  return df;
}

/**
 * One row per (arm, candidate generator), with candidates per request derived by danfojs. An
 * impression counts for every generator that proposed its ad, so shares add up to more than 1.
 */
export function funnelGeneratorsFrame(arms: readonly FunnelReport[]): DataFrame {
  const df = new (danfo().DataFrame)(
    arms.flatMap((r) =>
      r.generators.map((g) => ({
        arm: r.name,
        generator: g.name,
        requests: r.requests,
        candidates: g.candidates,
        'median candidate relevance': g.medianRelevance,
        'median candidate pCTR': g.medianPctr,
        impressions: g.impressions,
        'impression share': g.impressionShare,
        'exclusive impressions': g.exclusiveImpressions,
      })),
    ),
  );
  df.addColumn('candidates per request', df.column('candidates').div(df.column('requests')), { inplace: true });
  return df.drop({ columns: ['requests', 'candidates'] });
}

const LIFT_LABELS: Record<keyof AbLifts, string> = {
  revenue: 'revenue',
  roas: 'ROAS',
  ctr: 'CTR',
  value: 'attributed value',
  expectedRevenue: 'expected revenue',
  expectedRoas: 'expected ROAS',
};

/** The lifts B / A − 1 of `keys` (default: all), one row each with its 95 % interval. */
export function liftsFrame(
  lifts: AbLifts,
  keys: readonly (keyof AbLifts)[] = Object.keys(LIFT_LABELS) as (keyof AbLifts)[],
): DataFrame {
  return new (danfo().DataFrame)(
    keys.map((k) => {
      const l: Lift = lifts[k];
      return { metric: LIFT_LABELS[k], lift: l.estimate, '95% CI low': l.lower, '95% CI high': l.upper };
    }),
  );
}
