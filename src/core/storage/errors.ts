/**
 * The one mapping from IndexedDB failures to StorefrontError codes, for every database storefront-ml owns:
 * no usable IndexedDB → STORAGE_UNAVAILABLE, a full disk → QUOTA_EXCEEDED, anything else → STORAGE_FAILED.
 */
import { StorefrontError, describeError, isStorefrontError } from '../errors.ts';

/** Error names that mean "no usable IndexedDB here": blocked storage, opaque origins, old private modes. */
const UNAVAILABLE = new Set(['SecurityError', 'InvalidStateError', 'UnknownError', 'NotAllowedError', 'NotSupportedError']);

/** How an error message of one database reads: "<subject>: … <hint>." */
export interface ErrorWording {
  /** Who speaks, e.g. `History` or `Visual index "catalogue"`. */
  subject: string;
  /** What to do when the browser refused to store more. @default 'Free space or store less.' */
  quotaHint?: string;
  /** What to do after any other failure. @default 'Try again.' */
  retryHint?: string;
  /** What to do when IndexedDB cannot be used at all. @default 'Carry on without it, or use a normal browsing context.' */
  unavailableHint?: string;
}

export function errorName(error: unknown): string | undefined {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : undefined;
}

/**
 * Wraps a failed IndexedDB request: QUOTA_EXCEEDED or STORAGE_FAILED. `doing` says what was attempted ("storing
 * 12 events"); `outcome` what is true afterwards ("Nothing was stored."): say it only when the code guarantees it.
 */
export function storageError(error: unknown, wording: ErrorWording, doing: string, outcome = ''): StorefrontError {
  if (isStorefrontError(error)) return error;
  const tail = outcome ? ` ${outcome}` : '';
  if (errorName(error) === 'QuotaExceededError') {
    return new StorefrontError('QUOTA_EXCEEDED', `${wording.subject}: the browser refused to store more while ${doing}.${tail} ${wording.quotaHint ?? 'Free space or store less.'}`, { cause: error });
  }
  return new StorefrontError('STORAGE_FAILED', `${wording.subject}: IndexedDB failed while ${doing} (${errorName(error) ?? describeError(error)}).${tail} ${wording.retryHint ?? 'Try again.'}`, { cause: error });
}

/** The page's IndexedDB, or STORAGE_UNAVAILABLE. */
export function availableIndexedDB(wording: ErrorWording): IDBFactory {
  const idb = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!idb) {
    throw new StorefrontError('STORAGE_UNAVAILABLE', `${wording.subject}: IndexedDB is not available in this context (private mode, blocked storage, or not a browser). ${wording.unavailableHint ?? 'Carry on without it, or use a normal browsing context.'}`);
  }
  return idb;
}

/** Wraps a failure to open `name`: refused storage is STORAGE_UNAVAILABLE, the rest as storageError. */
export function openError(error: unknown, wording: ErrorWording, name: string): StorefrontError {
  const errName = errorName(error) ?? '';
  if (UNAVAILABLE.has(errName)) {
    return new StorefrontError('STORAGE_UNAVAILABLE', `${wording.subject}: IndexedDB refused to open "${name}" (${errName}): storage is blocked or unavailable here (private mode, opaque origin, site data disabled). ${wording.unavailableHint ?? 'Carry on without it, or use a normal browsing context.'}`, { cause: error });
  }
  return storageError(error, wording, `opening "${name}"`);
}
