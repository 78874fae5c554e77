/** Shopper history in IndexedDB: the public surface of src/history (`storefront-ml/history`). */
export { openHistory } from './store.ts';
export type {
  ConsentState,
  CorruptRecord,
  HistoryExport,
  HistoryOptions,
  HistoryStats,
  HistoryStore,
  ImportOptions,
  ReadOptions,
  RetentionPolicy,
} from './store-types.ts';
export { SCHEMA_VERSION as HISTORY_SCHEMA_VERSION } from './schema.ts';
export { EVENT_TYPES, PAGE_KINDS } from './types.ts';
export type { EventType, HistoryChange, HistoryReader, PageKind, ShopperEvent, StoredEvent } from './types.ts';
export { EVENT_LIMITS, validateEvent } from './validate-event.ts';
export { DEFAULT_SESSION_GAP_MS, segmentSessions } from './sessions.ts';
export type { Session } from './sessions.ts';

// Everything the library stores on this origin (history, visual indexes, category stores, model cache, saved models)
export { eraseAllData, listStoredData } from '../core/storage/stored-data.ts';
export type { EraseOptions, EraseReport } from '../core/storage/stored-data.ts';
export type { StoredData, StoredDataKind } from '../core/storage/database.ts';
export type { DerivedModelExport } from '../core/storage/shopper-data.ts';
