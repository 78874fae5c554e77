import { expect } from 'vitest';
import { isStorefrontError, type ErrorCode } from '../../src/core/errors.ts';

/** The StorefrontError code a promise rejects with; undefined when it resolves; a description when it throws something else. */
export async function code(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return isStorefrontError(error) ? error.code : `not a StorefrontError: ${String(error)}`;
  }
  return undefined;
}

/** Expects `call` to reject (or throw) a StorefrontError `code` whose message names `field`. */
export async function expectTyped(call: () => unknown, code: ErrorCode, field: RegExp): Promise<void> {
  let error: unknown;
  try { await call(); } catch (e) { error = e; }
  expect(error, 'the call should have failed').toBeDefined();
  expect(isStorefrontError(error, code), `${String(error)} should be a StorefrontError ${code}`).toBe(true);
  expect((error as Error).message).toMatch(field);
}
