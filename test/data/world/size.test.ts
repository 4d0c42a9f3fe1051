import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as os from 'node:os';
import { PinlabInputError } from '../../../lib/errors';
import { generateWorld } from '../../../lib/data/world/generate';
import { resolveWorldParams } from '../../../lib/data/world/params';
import { estimateWorldSize, requireWorldFits } from '../../../lib/data/world/size';

/** Bytes of every typed array reachable from the world. */
function arrayBytes(x: unknown, seen = new Set<unknown>()): number {
  if (ArrayBuffer.isView(x)) return x.byteLength;
  if (typeof x !== 'object' || x === null || seen.has(x)) return 0;
  seen.add(x);
  return Object.values(x).reduce((s: number, v) => s + arrayBytes(v, seen), 0);
}

const scaleError = (reason: RegExp) => (e: unknown) =>
  e instanceof PinlabInputError && e.field === 'scale' && reason.test(e.message);

test("the size estimate is within 25 % of a generated world's arrays plus the oracle's samplers", () => {
  const options = { scale: 0.05, seed: 2 };
  const world = generateWorld(options);
  const p = resolveWorldParams(options);
  const est = estimateWorldSize(p);
  // The estimate also counts the oracle's per-item samplers (32 B/item), which the world does not hold.
  const actual = arrayBytes(world) + 32 * p.items;
  assert.ok(Math.abs(est.bytes / actual - 1) < 0.25, `estimate ${est.bytes}, actual ${actual}`);
  assert.ok(Math.abs(est.interactions / world.interactions.count - 1) < 0.05);
});

test('a bad scale is reported as scale: negative, zero, NaN, too small for one user, too large for memory or arrays', () => {
  for (const scale of [-1, 0, Number.NaN, Infinity]) {
    assert.throws(() => generateWorld({ scale }), scaleError(/must be|finite/), String(scale));
  }
  assert.throws(() => generateWorld({ scale: 1e-6 }), scaleError(/gives 0 users/));
  assert.throws(() => generateWorld({ scale: 1e6 }), scaleError(/gives 10000000000 users, outside/));
  assert.throws(() => generateWorld({ scale: 40000 }), scaleError(/too long for arrays/));
  // scale 1000: about 68 GiB of arrays, refused against a 24 GiB machine before anything is allocated.
  const p = resolveWorldParams({ scale: 1000 });
  assert.throws(
    () => requireWorldFits(p, { scale: 1000 }, 24 * 2 ** 30),
    scaleError(/about 6\d\.\d GiB .* more than this machine's 24\.0 GiB/),
  );
  if (estimateWorldSize(p).peakBytes > os.totalmem())
    assert.throws(() => generateWorld({ scale: 1000 }), scaleError(/GiB/));
  // Explicit users and items are reported as users.
  assert.throws(
    () => requireWorldFits(resolveWorldParams({ users: 2e9, items: 100 }), { users: 2e9, items: 100 }, 2 ** 40),
    /users/,
  );
});
