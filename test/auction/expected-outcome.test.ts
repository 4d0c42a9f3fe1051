import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectedOutcome } from '../../lib/auction/expected-outcome';
import { positionAuction } from '../../lib/auction/position';
import { PinlabInputError } from '../../lib/errors';

test('expectedOutcome: actions and per-action payments of the filled slots', () => {
  // Slots 1 and 0.5; ad 2 (P 0.4) in slot 1 at 0.3 per click, ad 0 (P 0.2) in slot 2 at 0.1.
  const r = expectedOutcome({ allocation: [2, 0], pricePerClick: [0.3, 0.1] }, [0.2, 0.9, 0.4], [1, 0.5]);
  assert.ok(Math.abs(r.actions - (0.4 + 0.1)) < 1e-12);
  assert.ok(Math.abs(r.revenue - (0.3 * 0.4 + 0.1 * 0.2 * 0.5)) < 1e-12);
  // An auction ranked with quality = P(action) charges exactly this expected revenue.
  const bids = [1.2, 0.4, 0.9, 0.7];
  const pAction = [0.3, 0.8, 0.5, 0.1];
  const slots = [1, 0.6, 0.3];
  const run = positionAuction({ mechanism: 'gsp', bids, quality: pAction, slotCtrs: slots, reserve: 0.1 });
  assert.ok(Math.abs(expectedOutcome(run, pAction, slots).revenue - run.revenue) < 1e-12);
  assert.throws(() => expectedOutcome({ allocation: [5], pricePerClick: [1] }, pAction, slots), PinlabInputError);
});
