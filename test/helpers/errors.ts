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

/** The StorefrontError code `call` rejects or throws with; 'resolved' when it succeeds; a description for anything else. */
export async function codeOf(call: () => unknown): Promise<string> {
  try {
    await call();
  } catch (error) {
    return isStorefrontError(error) ? error.code : `not a StorefrontError: ${String(error)}`;
  }
  return 'resolved';
}

/** What a synchronous `call` throws: the StorefrontError, or a message saying it returned or threw something else. */
export function failure(call: () => unknown): { code?: string; message: string } {
  try {
    call();
  } catch (error) {
    return isStorefrontError(error) ? error : { message: `not a StorefrontError: ${String(error)}` };
  }
  return { message: 'it returned' };
}
