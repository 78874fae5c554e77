import { isStorefrontError } from '../../src/core/errors.ts';

/** The StorefrontError code a promise rejects with; undefined when it resolves; a description when it throws something else. */
export async function code(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return isStorefrontError(error) ? error.code : `not a StorefrontError: ${String(error)}`;
  }
  return undefined;
}
