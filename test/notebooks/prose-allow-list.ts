/**
 * Numbers the notebooks' markdown may state as typed-in text: published figures (the seeds, papers,
 * data sets) and figures derived from parameters or definitions. Each entry is a phrase, matched
 * literally after formulas and code are removed (test/notebooks/prose.test.ts), with its source.
 * Results of pinlab's own runs are never listed here: cells compute them (`claim`, `markdown`).
 */
export interface AllowedPhrase {
  readonly phrase: string;
  readonly source: string;
}

/** References that carry numbers in every notebook. */
export const ALLOWED_EVERYWHERE: readonly { pattern: RegExp; source: string }[] = [
  { pattern: /\bnotebooks? \d\d(?:(?:,| and| or) \d\d)*/gi, source: 'notebook numbers (file names)' },
  { pattern: /\bseeds? \d\d\d(?:(?:,| and) \d\d\d)*/gi, source: 'the project brief\'s seed documents' },
  { pattern: /\bsection \d+/gi, source: 'section references' },
  { pattern: /\b(?:19|20)\d\d\b/g, source: 'calendar years (history, citations)' },
  { pattern: /(?:Recall|NDCG|HitRate|Precision)@\d+/g, source: 'metric names (the cut-off is a parameter)' },
  { pattern: /§\d+/g, source: 'section references' },
  { pattern: /\b[A-Za-z]+\d+[A-Za-z]*\b/g, source: 'names with digits in them (ForceAtlas2, fiscal quarters Q1–Q4)' },
  { pattern: /\b10-[KQ]\b/g, source: 'SEC filing names (10-K, 10-Q)' },
];

const SEED001_AUC = { phrase: '0.6428', source: 'seed 001: the prototype\'s reported test AUC' };
const SPLIT_CUTS = 'temporalLinkSplit\'s default cuts (lib/graph/split.ts: trainEnd 0.7, valEnd 0.85 of the window)';
const GAT_SIZE = { phrase: '32 → 16', source: 'notebook 04\'s GAT configuration (seed 001\'s prototype: 32 hidden, 16 out channels)' };
const WORLD_DAYS = { phrase: '60-day', source: 'the world\'s window (lib/data/params.ts: days 60)' };

export const ALLOWED_NUMBERS: Record<string, readonly AllowedPhrase[]> = {
  '01-pinterest-history': [
    { phrase: 'USD 1.2 billion', source: 'seed 002: ad revenue at the 2019 IPO' },
    { phrase: 'USD 4.2 billion', source: 'seed 002: ad revenue in the post\'s present' },
    { phrase: 'about 3.5-fold', source: 'derived: 4.2 / 1.2 from the two seed figures' },
    { phrase: 'from 2.5% to 3.5%', source: 'seed 000: the worked example\'s conversion rates' },
    { phrase: 'USD 10M', source: 'seed 000: the worked example\'s ad-driven sales' },
    { phrase: 'the seed\'s 3.5%', source: 'seed 000: the worked example\'s new conversion rate' },
    { phrase: '+40% in relative terms', source: 'derived: 3.5 % / 2.5 % − 1 from seed 000' },
    { phrase: 'about 0.7% overall', source: 'seed 003: the reported ROAS lift' },
    { phrase: 'about 1.4% in the top countries', source: 'seed 003: the reported ROAS lift in top countries' },
    { phrase: 'a 0.7% ROAS lift', source: 'seed 003: the reported ROAS lift' },
  ],
  '02-auction-theory': [
    { phrase: 'losing gives 0', source: 'definition: a losing bidder pays and gets nothing' },
    { phrase: 'probability 0', source: 'definition: ties of continuous bids' },
    { phrase: 'at most 0 everywhere', source: 'theorem: truthful bidding is dominant in a second-price auction' },
    { phrase: 'value 0.7 facing rival bids 0.5 and 0.3', source: 'the illustration\'s chosen values' },
    { phrase: 'bid and 0 below 0.5', source: 'derived from the illustration\'s values' },
    { phrase: 'the rival\'s 0.5', source: 'the illustration\'s chosen values' },
    { phrase: 'USD 10, USD 4 and USD 2', source: 'Edelman, Ostrovsky and Schwarz (2007): the example\'s values per click' },
    { phrase: '200 and 199 clicks', source: 'Edelman, Ostrovsky and Schwarz (2007): the example\'s click rates' },
    { phrase: 'advertiser 1', source: 'the example\'s advertiser labels' },
    { phrase: 'advertiser 2', source: 'the example\'s advertiser labels' },
    { phrase: 'advertiser 3', source: 'the example\'s advertiser labels' },
    { phrase: 'lowest best bid, USD 2', source: 'derived: advertiser 3\'s bid in the EOS example' },
    { phrase: 'close to 1 (ads 2 and 1 at 1.0 and 0.9999999, ad 0 at 0.84)', source: 'seed 001: the prototype\'s published scores' },
    { phrase: 'between 0.05 and 0.24', source: 'seed 001: the prototype\'s published scores' },
    { phrase: 'USD 0.05–USD 2.00 per click', source: 'the parameters of the illustrative bids' },
    { phrase: 'US USD 0.10', source: 'Pinterest\'s published US minimum bid' },
  ],
  '03-ads-world-and-graph': [
    { phrase: 'Ads are 10 % of the items', source: 'world parameter (lib/data/params.ts: adShare 0.1)' },
    { phrase: '(click 1, save 2, conversion +3)', source: 'edge-weight definition (lib/graph/edges.ts)' },
    { phrase: 'before 70 % of the window, validation to 85 %', source: SPLIT_CUTS },
  ],
  '04-gat-ad-relevance': [
    { phrase: '(32 hidden → 16 out channels)', source: GAT_SIZE.source },
    { ...SEED001_AUC, phrase: 'test AUC 0.6428' },
    { ...SEED001_AUC, phrase: 'prototype\'s 0.6428' },
    WORLD_DAYS,
    { phrase: 'at 70 % and 85 %', source: SPLIT_CUTS },
    { phrase: '30 % of them', source: 'temporalLinkSplit\'s default disjoint supervision share (0.3)' },
    { phrase: 'label is 0 by construction', source: 'definition of a sampled negative' },
    { phrase: 'learning rate of 0.01', source: 'trainAdRelevance\'s learning rate (lib/models/gnn/ad_relevance.ts)' },
    { phrase: '16-dimensional', source: GAT_SIZE.source },
    { phrase: 'within 0.03 of it', source: 'the notebook\'s target (issue 4), also metadata.pinlab.headline' },
  ],
  '05-contextual-two-tower': [
    { phrase: 'Recall@K up 3–10×', source: 'seed 003: the reported recall lift' },
    { phrase: 'about 275–300%', source: 'seed 003: the reported median candidate relevance lift' },
    { phrase: 'under 1% of Related Pins', source: 'seed 003: the sequential generator\'s share before' },
    { phrase: 'ROAS up about 0.7%', source: 'seed 003: the reported ROAS lift' },
    { phrase: 'in 12 categories', source: 'world vocabulary (lib/data/vocab.ts: 12 categories)' },
    GAT_SIZE,
    { phrase: '6 days staler', source: 'derived: the GAT\'s validation window of 0.1 × the 60-day window' },
    { phrase: '95% percentile-bootstrap', source: 'the intervals\' level (a parameter of bootstrapCI)' },
    { phrase: 'position factors 1, 0.7, 0.5', source: 'the funnel\'s slot CTR factors (cell parameters)' },
    { phrase: 'HR@10', source: 'the SASRec paper\'s metric (hit rate at cut-off 10), as repro:games records it' },
  ],
  '06-pinsage-gowalla': [
    { phrase: '3-billion-node', source: 'Ying et al. (KDD 2018): the size of Pinterest\'s graph' },
    { phrase: 'before 70 % of the 60-day window', source: SPLIT_CUTS },
    { phrase: 'after 85 %', source: SPLIT_CUTS },
    { phrase: '500 negatives', source: 'PinSage\'s shared negatives (lib/models/pinsage.ts default, as the paper)' },
    { phrase: '(from 1)', source: 'PINSAGE_SETTINGS.pooledSkip [1, 0]' },
    { phrase: '(from 0)', source: 'PINSAGE_SETTINGS.pooledSkip [1, 0]' },
    { phrase: 'starting at 0', source: 'PinSage\'s head initialisation (lib/models/pinsage.ts)' },
    { phrase: 'between 70 % and 85 %', source: SPLIT_CUTS },
    GAT_SIZE,
    { phrase: '30 % of the training', source: 'temporalLinkSplit\'s default disjoint supervision share (0.3)' },
    { phrase: 'learning rate 0.01', source: 'trainAdRelevance\'s learning rate (lib/models/gnn/ad_relevance.ts)' },
    { phrase: '(29 858 users, 40 981 items', source: 'the Gowalla data set (NGCF split; GOWALLA_COUNTS)' },
    { phrase: 'all 29 858 test users', source: 'the Gowalla data set (NGCF split; GOWALLA_COUNTS)' },
    { phrase: '95 % of each user', source: 'the pinsage recipe\'s validation share (0.05)' },
    { phrase: 'held-out 5 %', source: 'the pinsage recipe\'s validation share (0.05)' },
    { phrase: 'top-256', source: 'GF-CF\'s published setting (Shen et al., CIKM 2021), as the gfcf recipe' },
  ],
};
