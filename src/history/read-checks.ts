/** Checks of the history store's read arguments, and how a caller's callback failure is reported. Pure; runs in Node. */
import { StorefrontError } from '../core/errors.ts';
import { numberIn, show } from '../core/validate.ts';
import type { ReadOptions } from './store-types.ts';

/** Reports an error of the caller's callback as uncaught (window "error" event), without throwing into our code. */
export function reportOutOfBand(error: unknown): void {
  const report = (globalThis as { reportError?: (e: unknown) => void }).reportError;
  if (typeof report === 'function') report(error);
  else setTimeout(() => { throw error; });
}

/** `options.limit` of a read, checked: undefined (all) or a whole number ≥ 0. */
export function readLimit(options: ReadOptions, required = false): number | undefined {
  const { limit } = options;
  if (limit === undefined && !required) return undefined;
  return numberIn('limit', limit, 0, Number.MAX_SAFE_INTEGER, true);
}

/** A session or product id to look up: a non-empty string. */
export function lookupId(value: unknown): void {
  if (typeof value !== 'string' || value === '') {
    throw new StorefrontError('INVALID_INPUT', `History: an id to look up must be a non-empty string; got ${show(value)}.`, { details: { value } });
  }
}
