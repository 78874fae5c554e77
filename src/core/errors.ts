/**
 * The one error class of storefront-ml. Branch on `code`, never on the message.
 *
 * Modelled on ky's and zod's errors: a `name`, a string `code` union, the underlying error kept as `cause`,
 * and a guard ({@link isStorefrontError}) that works across realms (iframes, workers' structured clones of
 * plain objects are not errors, so those are out of scope) and across duplicate copies of this package in one
 * bundle, where `instanceof` fails.
 */

/** Every code a storefront-ml error can carry. */
export const ERROR_CODES = [
  /** No requested TensorFlow.js backend could start. */
  'BACKEND_UNAVAILABLE',
  /** A model's files could not be fetched or parsed. */
  'MODEL_LOAD_FAILED',
  /** A downloaded file does not match the checksum its metadata promises. */
  'INTEGRITY_MISMATCH',
  /** A model URL (given, or named by a metadata file) is on an origin the caller did not allow. */
  'ORIGIN_NOT_ALLOWED',
  /** An argument of a call is malformed (wrong type, shape, empty…). */
  'INVALID_INPUT',
  /** An option has a value outside what the call accepts. */
  'INVALID_OPTION',
  /** Storage (IndexedDB) failed while reading or writing. */
  'STORAGE_FAILED',
  /** Storage is not available in this context (private mode, blocked, no IndexedDB). */
  'STORAGE_UNAVAILABLE',
  /** The browser refused to store more data. */
  'QUOTA_EXCEEDED',
  /** The shopper has not consented to what the call would do. */
  'CONSENT_REQUIRED',
  /** Something asked for does not exist (a saved model, a product…). */
  'NOT_FOUND',
  /** The object was disposed or closed; create or open a new one. */
  'DISPOSED',
  /** A model needs a pretrained part (the assistant's sentence encoder) that was not given. */
  'ENCODER_REQUIRED',
  /** The caller's AbortSignal fired. */
  'ABORTED',
  /** Benchmark or evaluation data is missing from the data directory. */
  'DATA_MISSING',
  /** A bug in storefront-ml: please report it. */
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

// Symbol.for() keys live in the global symbol registry, which all realms of an agent share (ECMA-262 §20.4.2.2),
// so an error made by another copy of this package or in another iframe carries the same brand.
const BRAND = Symbol.for('storefront-ml.error');

export interface StorefrontErrorOptions {
  /** The error that caused this one, kept for debugging. */
  cause?: unknown;
  /** Structured facts about the failure (the bad value, the URL…), safe to log. */
  details?: Record<string, unknown>;
}

export class StorefrontError extends Error {
  override readonly name = 'StorefrontError';
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;
  declare readonly [BRAND]: true;

  constructor(code: ErrorCode, message: string, options: StorefrontErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = Object.freeze({ ...options.details });
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * True when `value` is a storefront-ml error, optionally with the given code. Works across realms and across
 * duplicate copies of the package, where `instanceof StorefrontError` would be false.
 */
export function isStorefrontError(value: unknown, code?: ErrorCode): value is StorefrontError {
  if (typeof value !== 'object' || value === null) return false;
  const branded = (value as Record<symbol, unknown>)[BRAND] === true;
  if (!branded) return false;
  return code === undefined || (value as { code?: unknown }).code === code;
}

/** Throws ABORTED when `signal` has fired. Call it between steps of long work. */
export function throwIfAborted(signal: AbortSignal | undefined, what = 'The operation'): void {
  if (signal?.aborted) {
    throw new StorefrontError('ABORTED', `${what} was aborted by its AbortSignal.`, { cause: signal.reason });
  }
}

/** Wraps an unknown thrown value in a StorefrontError with `code`, unless it already is one. */
export function toStorefrontError(error: unknown, code: ErrorCode, message: string): StorefrontError {
  if (isStorefrontError(error)) return error;
  return new StorefrontError(code, message, { cause: error });
}

/** Describes a thrown value in one line, for "what was tried" reports. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);
  return String(error);
}
