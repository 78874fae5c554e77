/** IndexedDB plumbing shared by the visual index and the category store: open with typed errors, map failures. */
import { openDB, type IDBPDatabase, type OpenDBCallbacks } from 'idb';
import { StorefrontError, describeError, isStorefrontError } from '../core/errors.ts';

export async function openStore(name: string, version: number, upgrade: OpenDBCallbacks<unknown>['upgrade']): Promise<IDBPDatabase> {
  if (typeof indexedDB === 'undefined') {
    throw new StorefrontError('STORAGE_UNAVAILABLE', `${name}: IndexedDB is not available here. Run in a browser page or worker with storage enabled.`);
  }
  try {
    return await openDB(name, version, { upgrade });
  } catch (error) {
    throw new StorefrontError('STORAGE_UNAVAILABLE', `${name}: IndexedDB could not be opened (${describeError(error)}). ` +
      'Storage may be blocked (private mode, site settings).', { cause: error });
  }
}

/** Wraps an IndexedDB failure: quota errors become QUOTA_EXCEEDED, the rest STORAGE_FAILED. */
export function storageError(error: unknown, what: string): StorefrontError {
  if (isStorefrontError(error)) return error;
  const name = (error as { name?: string } | null)?.name;
  if (name === 'QuotaExceededError') {
    return new StorefrontError('QUOTA_EXCEEDED', `${what}: the browser refused to store more (${describeError(error)}). Free space or store fewer items.`, { cause: error });
  }
  return new StorefrontError('STORAGE_FAILED', `${what}: IndexedDB failed (${describeError(error)}). Nothing was changed; try again.`, { cause: error });
}
