/**
 * The history database's schema and its step-by-step migrations. Each migration takes the database from version
 * `n - 1` to `n`; opening at version 2 an older database runs the missing steps in order inside the one upgrade
 * transaction, so a tab never sees a half-migrated schema.
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';

/** The schema version this build writes. */
export const SCHEMA_VERSION = 2;

/** Default database name. */
export const DEFAULT_DB_NAME = 'storefront-ml-history';

/** Object stores and the indexes reads use. Compound indexes end with `time`, so each read comes back in time order. */
export const EVENTS = 'events' as const;
export const META = 'meta' as const;
export const INDEXES = {
  time: 'time',
  session: 'session',
  product: 'product',
  type: 'type',
} as const;

/** The database as idb's typed schema. Rows are `unknown`: they are validated (and decrypted) after every read. */
export interface HistorySchema extends DBSchema {
  events: {
    key: string;
    value: unknown;
    indexes: { time: number; session: [string, number]; product: [string, number]; type: [string, number] };
  };
  /** The encryption keys ('aes', 'hmac') and, once every row is in the current encrypted format, 'format'. */
  meta: { key: string; value: CryptoKey | number };
}
export type HistoryDb = IDBPDatabase<HistorySchema>;
export type IndexName = (typeof INDEXES)[keyof typeof INDEXES];

type UpgradeTx = IDBPTransaction<HistorySchema, StoreNames<HistorySchema>[], 'versionchange'>;
type Migration = (db: HistoryDb, tx: UpgradeTx) => void;

/** MIGRATIONS[n - 1] migrates version n - 1 to n. */
export const MIGRATIONS: readonly Migration[] = [
  // v1: the event store keyed by our time-sortable id, read by time and by session.
  (db) => {
    const events = db.createObjectStore(EVENTS, { keyPath: 'id' });
    events.createIndex(INDEXES.time, 'time');
    events.createIndex(INDEXES.session, ['sessionId', 'time']);
  },
  // v2: by-product and by-type reads, and a store for the encryption keys (CryptoKey objects).
  (_db, tx) => {
    const events = tx.objectStore(EVENTS);
    events.createIndex(INDEXES.product, ['productId', 'time']);
    events.createIndex(INDEXES.type, ['type', 'time']);
    _db.createObjectStore(META);
  },
];

/** Runs the migrations from `oldVersion` up to `newVersion` (also for an untyped idb database: the benchmark's raw baseline). */
export function migrate(db: HistoryDb | IDBPDatabase, oldVersion: number, newVersion: number, tx: UpgradeTx | IDBPTransaction<unknown, string[], 'versionchange'>): void {
  for (let v = oldVersion + 1; v <= newVersion; v++) (MIGRATIONS[v - 1] as Migration)(db as HistoryDb, tx as UpgradeTx);
}

/**
 * What this build needs from a database written by a newer build (another tab may have upgraded it): our stores
 * and indexes. Newer versions may add, never remove; when something is missing this returns what.
 */
export function missingFromSchema(db: HistoryDb): string | undefined {
  for (const store of [EVENTS, META]) if (!db.objectStoreNames.contains(store)) return `object store "${store}"`;
  const tx = db.transaction(EVENTS, 'readonly');
  const names = tx.store.indexNames;
  for (const index of Object.values(INDEXES)) if (!names.contains(index)) return `index "${index}"`;
  return undefined;
}
