/**
 * Fixed vocabularies of the synthetic ads world. Category names follow the examples in the
 * founding documents (Home, Food, Animals, Sports, Exercise, Fashion, …); the shares are our own
 * assumption: a long-tailed mix where a few lifestyle categories dominate.
 */
export const CATEGORIES = [
  'Home',
  'Food',
  'Fashion',
  'Beauty',
  'Travel',
  'DIY',
  'Animals',
  'Sports',
  'Exercise',
  'Art',
  'Garden',
  'Tech',
] as const;

/** Global prevalence of each category (sums to 1): drives item categories and users' interest priors. */
export const CATEGORY_SHARES: readonly number[] = [
  0.15, 0.14, 0.12, 0.1, 0.09, 0.08, 0.07, 0.06, 0.06, 0.05, 0.04, 0.04,
];

export const AGE_GROUPS = ['18-24', '25-34', '35-44', '45-54', '55+'] as const;

/** Share of users in each age group (sums to 1). */
export const AGE_SHARES: readonly number[] = [0.22, 0.28, 0.22, 0.16, 0.12];

/** Interaction outcome codes stored in `InteractionTable.outcome`. */
export const Outcome = { impression: 0, click: 1, save: 2 } as const;
export type OutcomeCode = (typeof Outcome)[keyof typeof Outcome];
