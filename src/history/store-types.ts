/** Public types of the history store (`openHistory`). */
import type { DerivedModelExport } from '../core/storage/shopper-data.ts';
import type { Session } from './sessions.ts';
import type { EventType, HistoryChange, HistoryReader, ShopperEvent, StoredEvent } from './types.ts';

/** The shopper's answer as the shop's consent manager reports it. */
export type ConsentState = 'granted' | 'denied' | 'pending';

export interface RetentionPolicy {
  /** Events older than this are deleted (on open, and at most every `sweepIntervalMs` after writes). @default 7_776_000_000 (90 days) */
  maxAgeMs?: number;
  /** The store keeps at most this many events; the oldest go first. @default 10_000 */
  maxEvents?: number;
}

/** A record the store could not read (written by something else, or damaged). It is skipped, never returned. */
export interface CorruptRecord {
  key: IDBValidKey;
  reason: string;
}

export interface HistoryOptions {
  /** The shopper's consent to storing history on the device. Nothing is written (no database is even created) unless 'granted'. @default 'pending' */
  consent?: ConsentState;
  /** Database name; one per shop (or per test). @default 'storefront-ml-history' */
  name?: string;
  /** Encrypt events at rest (AES-GCM, non-extractable key kept in IndexedDB; every stored field authenticated). Existing plain rows are re-encrypted on open; a history that is encrypted stays so with `false`. @default false */
  encrypt?: boolean;
  /** Retention by age and count, enforced automatically. */
  retention?: RetentionPolicy;
  /** When the browser refuses to store more: 'prune' deletes the oldest events and retries (and throws QUOTA_EXCEEDED when a prune freed no space), 'error' throws QUOTA_EXCEEDED. @default 'prune' */
  onQuota?: 'prune' | 'error';
  /** Transaction durability for writes ('strict' flushes to disk before resolving; slower). @default 'default' */
  durability?: 'default' | 'strict' | 'relaxed';
  /** Called for each unreadable record met while reading. @default undefined */
  onCorrupt?: (record: CorruptRecord) => void;
  /** Time source, for tests of retention. @default Date.now */
  now?: () => number;
}

/** Counters since the store was opened. */
export interface HistoryStats {
  /** Events this store wrote. */
  recorded: number;
  /** Unreadable records skipped while reading, or removed while encrypting an existing history (each also reported to `onCorrupt`). */
  skipped: number;
  /** Events deleted by retention / to make room when the quota was hit. */
  prunedByRetention: number;
  prunedByQuota: number;
  /** Times the connection was closed for another tab's schema upgrade and reopened. */
  reopened: number;
}

/** Options of reads that can return many events. */
export interface ReadOptions {
  /** At most this many events: the most recent ones. @default undefined (all) */
  limit?: number;
}

/** The JSON `export()` produces and `import()` accepts (see README "Shopper history"). */
export interface HistoryExport {
  format: 'storefront-ml/history';
  version: 1;
  /** ISO 8601 time of the export. */
  exportedAt: string;
  /** Oldest first. */
  events: StoredEvent[];
  /**
   * What else is derived from the shopper: each model adapted on their outcomes and saved in IndexedDB, whole.
   * Always present in export(); import() does not read it (it restores events only).
   */
  derived?: DerivedModelExport[];
}

export interface ImportOptions {
  /** 'merge' adds the events (an id already stored is overwritten, so importing twice adds nothing); 'replace' erases the history first. @default 'merge' */
  mode?: 'merge' | 'replace';
}

/** The shopper's history on this device. Created by {@link openHistory}. */
export interface HistoryStore extends HistoryReader {
  readonly name: string;
  /** The current consent. */
  readonly consent: ConsentState;
  /** Encrypted at rest: asked for by `encrypt`, or the database (once opened) already is. */
  readonly encrypted: boolean;
  /** Always true: without IndexedDB, `openHistory` throws STORAGE_UNAVAILABLE instead of keeping history in memory. */
  readonly persistent: true;
  /** Applies the consent manager's answer. Withdrawing ('denied') stops recording and, unless `erase: false`, erases the history. */
  setConsent(consent: ConsentState, options?: { erase?: boolean }): Promise<void>;
  /** Validates then stores events in one transaction; returns them with their ids. Throws CONSENT_REQUIRED without consent. */
  record(events: ShopperEvent | readonly ShopperEvent[]): Promise<StoredEvent[]>;
  byProduct(productId: string, options?: ReadOptions): Promise<StoredEvent[]>;
  byType(type: EventType, options?: ReadOptions): Promise<StoredEvent[]>;
  /** Events with `from <= time <= to`, oldest first. */
  range(from: number, to: number, options?: ReadOptions): Promise<StoredEvent[]>;
  /** All events split into sessions by inactivity. */
  sessions(options?: { gapMs?: number; since?: number }): Promise<Session<StoredEvent>[]>;
  count(): Promise<number>;
  /** Runs the retention policy now (it also runs on open and after writes). Returns how many events were deleted. */
  sweep(): Promise<number>;
  /** The events, and every model adapted on the shopper and saved in IndexedDB (`derived`). */
  export(): Promise<HistoryExport>;
  /** Accepts a `HistoryExport` object or its JSON text (anything else throws INVALID_INPUT). */
  import(data: unknown, options?: ImportOptions): Promise<{ imported: number }>;
  /**
   * Deletes the database (`indexedDB.databases()` no longer lists it) and every model adapted on the shopper and
   * saved in IndexedDB (`perShopper` in listStoredData()). The store stays usable.
   */
  erase(): Promise<void>;
  stats(): HistoryStats;
  /** Closes the connection; idempotent. Any call afterwards throws DISPOSED. */
  close(): void;
}

export type { HistoryChange };
