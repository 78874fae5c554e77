/**
 * The history database's connection: the shared one (src/core/storage), with history's schema, migrations and
 * error wording. It closes itself when another tab upgrades or deletes the database; the next call reopens it.
 */
import { Connection as StorageConnection } from '../core/storage/connection.ts';
import type { DatabaseSpec } from '../core/storage/database.ts';
import { storageError as wrapStorageError, type ErrorWording } from '../core/storage/errors.ts';
import type { StorefrontError } from '../core/errors.ts';
import { migrate, missingFromSchema, SCHEMA_VERSION, type HistorySchema } from './schema.ts';

export const HISTORY_WORDING: ErrorWording = {
  subject: 'History',
  quotaHint: "Free space, lower retention.maxEvents or use onQuota: 'prune'.",
  retryHint: 'Retry; if it persists, erase() the history.',
  unavailableHint: 'Carry on without history, or open it in a normal browsing context.',
};

/** Wraps an IndexedDB failure of the history (`what`: what was being done; `outcome`: what is true afterwards). */
export function storageError(error: unknown, what: string, outcome?: string): StorefrontError {
  return wrapStorageError(error, HISTORY_WORDING, what, outcome);
}

export function historySpec(name: string): DatabaseSpec<HistorySchema> {
  return {
    name,
    version: SCHEMA_VERSION,
    kind: 'history',
    wording: HISTORY_WORDING,
    upgrade: (db, oldVersion, newVersion, tx) => migrate(db, oldVersion, newVersion, tx),
    missingFromNewer: missingFromSchema,
  };
}

export class Connection extends StorageConnection<HistorySchema> {
  constructor(name: string) {
    super(historySpec(name));
  }
}
