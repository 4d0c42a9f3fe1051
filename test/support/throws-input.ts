import assert from 'node:assert/strict';
import { PinlabInputError } from '../../lib/errors';

/** Asserts that `e` is a PinlabInputError whose message matches `reason`, and returns it. */
function inputError(e: unknown, reason: RegExp): PinlabInputError {
  assert.ok(e instanceof PinlabInputError, `expected PinlabInputError, got ${String(e)}`);
  assert.match(e.message, reason);
  return e;
}

/** Asserts that `fn` throws a PinlabInputError for `field` (and `index` when given) matching `reason`. */
export function throwsInput(fn: () => unknown, field: string, reason: RegExp, index?: number): void {
  assert.throws(fn, (e: unknown) => {
    const err = inputError(e, reason);
    assert.equal(err.field, field);
    assert.equal(err.index, index);
    return true;
  });
}

/** Asserts that `fn` throws a PinlabInputError naming `file` and matching `reason`. */
export function refusesFile(fn: () => unknown, file: string, reason: RegExp): void {
  assert.throws(
    fn,
    (e: unknown) => inputError(e, reason).file === file || assert.fail(`names ${String(e)}, not ${file}`),
  );
}

/** `refusesFile` for an async `fn`. */
export async function rejectsFile(fn: () => Promise<unknown>, file: string, reason: RegExp): Promise<void> {
  await assert.rejects(
    fn,
    (e: unknown) => inputError(e, reason).file === file || assert.fail(`names ${String(e)}, not ${file}`),
  );
}
