import assert from 'node:assert/strict';
import { PinlabInputError } from '../../lib/errors';

/** Asserts that `fn` throws a PinlabInputError naming `field` whose message contains `text` (if given). */
export function throwsOn(field: string, fn: () => unknown, text?: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof PinlabInputError, `expected PinlabInputError, got ${String(e)}`);
    assert.equal(e.field, field);
    if (text !== undefined) assert.ok(e.message.includes(text), `'${e.message}' lacks '${text}'`);
    return true;
  });
}
