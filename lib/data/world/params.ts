import { PinlabInputError, requireFinite, requireInt } from '../../errors';

/**
 * Every knob of the synthetic ads world (see `oracle.ts` for the latent model they feed).
 * Resolved parameters are stored in the cache manifest, so a cached world is reused only for
 * exactly the same parameters and generator version.
 */
export interface WorldParams {
  /** One seed reproduces the whole world. */
  seed: number;
  /** Multiplies the reference size (10 000 users, 50 000 items); ≥ 10 is supported. */
  scale: number;
  users: number;
  items: number;
  /** Share of items that are ads (promoted pins). */
  adFraction: number;
  /** Mean number of ads per advertiser. */
  adsPerAdvertiser: number;
  /** Length of the observation window in days; timestamps are seconds in [0, days·86400). */
  days: number;
  /** Mean sessions per user over the window (per-user rate is log-normal around it). */
  sessionsPerUser: number;
  /** Mean impressions (slots) per session. */
  slotsPerSession: number;
  /** Probability that a slot is an ad slot. */
  adSlotRate: number;
  /** Probability that a session is a home-feed session with no subject pin (no context). */
  homeFeedRate: number;
  /** Probability that a session's context category comes from the user's current interests (else the global mix). */
  contextInterestRate: number;
  /** Dimension of the latent style vectors of users and items. */
  styleDim: number;
  /** Median Dirichlet concentration κ of user interests: small κ → niche users, large κ → diverse users. */
  concentrationMedian: number;
  /** Log-normal spread σ of κ across users. */
  concentrationSpread: number;
  /** Interest drift: the weight of the drifted interest vector at the end of the window (0 = static interests). */
  drift: number;
  /** Exposure mixture weights (normalised): subject pin's category, user's interests, global popularity, revisit of past engagements. */
  exposeContext: number;
  exposeInterest: number;
  exposePopular: number;
  exposeRevisit: number;
  /** Exponent on exp(popularity) in exposure sampling. */
  popularityExposure: number;
  /** Engagement logit coefficients (see `WorldOracle.engageLogit`). */
  bias: number;
  wInterest: number;
  interestFloor: number;
  wPopularity: number;
  wStyle: number;
  wContext: number;
  wContextStyle: number;
  wAge: number;
  wAd: number;
  /** Share of organic engagements that are saves (the rest are clicks); ad engagements are clicks. */
  saveRate: number;
  /** Conversion logit coefficients (see `WorldOracle.convertLogit`). */
  convBias: number;
  convAffinity: number;
  convValue: number;
  convPropensitySd: number;
  /** Minimum CPC bid in dollars (a floor, as the platform's minimum bids are). */
  minBid: number;
  bidMedian: number;
  valueMedian: number;
}

export type WorldOptions = Partial<WorldParams>;

/** Reference sizes before `scale`. */
export const REFERENCE_USERS = 10_000;
export const REFERENCE_ITEMS = 50_000;

export const DEFAULT_WORLD: Omit<WorldParams, 'users' | 'items'> = {
  seed: 0,
  scale: 1,
  adFraction: 0.1,
  adsPerAdvertiser: 10,
  days: 60,
  sessionsPerUser: 24,
  slotsPerSession: 8,
  adSlotRate: 0.2,
  homeFeedRate: 0.3,
  contextInterestRate: 0.7,
  styleDim: 8,
  concentrationMedian: 1.2,
  concentrationSpread: 1.0,
  drift: 0.5,
  exposeContext: 0.45,
  exposeInterest: 0.3,
  exposePopular: 0.15,
  exposeRevisit: 0.1,
  popularityExposure: 1,
  bias: -3.3,
  wInterest: 1,
  interestFloor: 0.1,
  wPopularity: 0.4,
  wStyle: 1.2,
  wContext: 0.8,
  wContextStyle: 1,
  wAge: 0.3,
  wAd: -0.4,
  saveRate: 0.35,
  convBias: -3.8,
  convAffinity: 0.6,
  convValue: 0.5,
  convPropensitySd: 0.5,
  minBid: 0.1,
  bidMedian: 0.8,
  valueMedian: 40,
};

const PROBABILITIES: (keyof WorldParams)[] = [
  'adFraction',
  'adSlotRate',
  'homeFeedRate',
  'contextInterestRate',
  'drift',
  'saveRate',
];
const NON_NEGATIVE: (keyof WorldParams)[] = [
  'concentrationSpread',
  'exposeContext',
  'exposeInterest',
  'exposePopular',
  'exposeRevisit',
  'popularityExposure',
  'wInterest',
  'convPropensitySd',
  'minBid',
];
const POSITIVE: (keyof WorldParams)[] = [
  'scale',
  'adsPerAdvertiser',
  'days',
  'sessionsPerUser',
  'slotsPerSession',
  'concentrationMedian',
  'interestFloor',
  'bidMedian',
  'valueMedian',
];

/** Fills defaults (users/items from `scale`) and validates; throws PinlabInputError naming the field. */
export function resolveWorldParams(options: WorldOptions = {}): WorldParams {
  const known = new Set<string>([...Object.keys(DEFAULT_WORLD), 'users', 'items']);
  for (const key of Object.keys(options)) {
    if (!known.has(key)) throw new PinlabInputError(key, 'unknown world parameter');
  }
  const merged = { ...DEFAULT_WORLD, ...options };
  const scale = merged.scale;
  requireFinite('scale', scale);
  if (!(scale > 0)) throw new PinlabInputError('scale', `must be > 0, got ${scale}`);
  const p: WorldParams = {
    ...merged,
    users: options.users ?? Math.round(REFERENCE_USERS * scale),
    items: options.items ?? Math.round(REFERENCE_ITEMS * scale),
  };
  // Sizes derived from `scale` are reported as `scale`, the field the caller set.
  for (const [key, min] of [
    ['users', 1],
    ['items', 2],
  ] as const) {
    if (options[key] === undefined && !(p[key] >= min && p[key] <= 2 ** 31 - 1)) {
      throw new PinlabInputError('scale', `${scale} gives ${p[key]} ${key}, outside [${min}, ${2 ** 31 - 1}]`);
    }
  }
  for (const [key, value] of Object.entries(p)) requireFinite(key, value as number);
  requireInt('seed', p.seed, 0, 2 ** 31 - 1);
  requireInt('users', p.users, 1, 2 ** 31 - 1);
  requireInt('items', p.items, 2, 2 ** 31 - 1);
  requireInt('styleDim', p.styleDim, 1, 256);
  for (const key of PROBABILITIES) {
    if (p[key] < 0 || p[key] > 1) throw new PinlabInputError(key, `must be a probability in [0, 1], got ${p[key]}`);
  }
  for (const key of NON_NEGATIVE) requireFinite(key, p[key], 0);
  for (const key of POSITIVE) {
    if (!(p[key] > 0)) throw new PinlabInputError(key, `must be > 0, got ${p[key]}`);
  }
  if (p.exposeInterest + p.exposePopular + p.exposeRevisit <= 0) {
    throw new PinlabInputError(
      'exposeInterest',
      'exposeInterest + exposePopular + exposeRevisit must be > 0 (home-feed sessions need a channel)',
    );
  }
  const ads = Math.round(p.items * p.adFraction);
  if (p.adSlotRate > 0 && ads === 0)
    throw new PinlabInputError('adFraction', `gives no ads among ${p.items} items but adSlotRate > 0`);
  if (ads === p.items && p.adSlotRate < 1)
    throw new PinlabInputError('adFraction', 'leaves no organic items but adSlotRate < 1');
  if (p.bidMedian < p.minBid) throw new PinlabInputError('bidMedian', `must be >= minBid (${p.minBid})`);
  return p;
}
