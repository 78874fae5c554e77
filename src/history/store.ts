/**
 * The shopper history store on IndexedDB (via idb). See README "Shopper history" for the guarantees.
 * Never awaits anything but IndexedDB requests inside a transaction: encryption and validation happen before it,
 * decryption after it.
 */
import { unwrap } from 'idb';
import { StorefrontError, describeError, isStorefrontError } from '../core/errors.ts';
import { errorName } from '../core/storage/errors.ts';
import { eraseShopperModels, exportShopperModels } from '../core/storage/shopper-data.ts';
import { writeAll } from '../core/storage/write-all.ts';
import { boundIn, booleanOption, functionOption, numberIn, oneOf, optionsOf } from '../core/validate.ts';
import { Connection, storageError } from './connection.ts';
import { encryptEvent, isEncryptedRow } from './crypto.ts';
import { ChangeFeed, type Listener } from './change-feed.ts';
import { decodeRows } from './decode-rows.ts';
import { openEncryption, type EncryptionState } from './encryption-state.ts';
import { parseExport } from './export-format.ts';
import { lookupId, readLimit, reportOutOfBand } from './read-checks.ts';
import { compoundRange, countOf, oldestKeys, readIndex, usage } from './idb-reads.ts';
import { DEFAULT_DB_NAME, EVENTS, INDEXES, META, type HistoryDb, type IndexName } from './schema.ts';
import { DEFAULT_SESSION_GAP_MS, segmentSessions } from './sessions.ts';
import type {
  ConsentState, HistoryExport, HistoryOptions, HistoryStats, HistoryStore, ImportOptions, ReadOptions,
} from './store-types.ts';
import { EVENT_TYPES } from './types.ts';
import type { EventType, ShopperEvent, StoredEvent } from './types.ts';
import { newEventId, validateEvents } from './validate-event.ts';

const CONSENTS: ConsentState[] = ['granted', 'denied', 'pending'];
const DAY = 86_400_000;
/** Age sweeps after writes run at most this often (count overflows trigger one at once). */
const SWEEP_INTERVAL_MS = 60 * 60 * 1000;
/**
 * On QuotaExceededError, prune the oldest this share of events (at least as many as the batch) and retry. Browsers
 * free deleted space lazily, so each retry prunes more; the last one clears the way completely: new data wins.
 * Unless the browser does not give the pruned space back at all (Chromium 150 under a small quota keeps counting
 * deleted rows until it compacts): when a prune left the origin's usage where it was, pruning more would only lose
 * events without making room, so the write fails with QUOTA_EXCEEDED and the rest of the history stays.
 */
const QUOTA_PRUNE = [0.1, 0.25, 0.5, 1];
const QUOTA_RETRIES = QUOTA_PRUNE.length;

/**
 * Opens the shopper's history. With consent other than 'granted' nothing is created or written until
 * `setConsent('granted')`. Throws STORAGE_UNAVAILABLE where IndexedDB cannot be used (with consent granted).
 */
export async function openHistory(options?: HistoryOptions): Promise<HistoryStore> {
  const store = new IdbHistoryStore(optionsOf('openHistory', options));
  if (store.consent === 'granted') {
    try {
      await store.setConsent('granted');
    } catch (error) {
      store.close();
      throw error;
    }
  }
  return store;
}

class IdbHistoryStore implements HistoryStore {
  readonly name: string;
  readonly persistent = true as const;
  #consent: ConsentState;
  #closed = false;
  readonly #conn: Connection;
  readonly #options: HistoryOptions;
  readonly #maxAge: number;
  readonly #maxEvents: number;
  readonly #now: () => number;
  readonly #feed: ChangeFeed;
  readonly #encrypt: boolean;
  /** The open database's encryption state (keys, migrated), read when the connection opens. */
  #enc: (EncryptionState & { db: HistoryDb }) | undefined;
  #encLoading: Promise<void> | undefined;
  #approxCount = 0;
  #lastSweep = 0;
  readonly #stats: Omit<HistoryStats, 'reopened'> = { recorded: 0, skipped: 0, prunedByRetention: 0, prunedByQuota: 0 };

  constructor(options: HistoryOptions) {
    this.#options = options;
    this.name = options.name ?? DEFAULT_DB_NAME;
    if (typeof this.name !== 'string' || this.name === '') throw new StorefrontError('INVALID_OPTION', 'Option name must be a non-empty string.');
    this.#consent = oneOf('consent', options.consent ?? 'pending', CONSENTS);
    this.#encrypt = booleanOption('encrypt', options.encrypt) ?? false;
    optionsOf('openHistory retention', options.retention);
    this.#maxAge = numberIn('retention.maxAgeMs', options.retention?.maxAgeMs ?? 90 * DAY, 1, Number.MAX_SAFE_INTEGER);
    this.#maxEvents = numberIn('retention.maxEvents', options.retention?.maxEvents ?? 10_000, 1, 1e9, true);
    oneOf('onQuota', options.onQuota ?? 'prune', ['prune', 'error']);
    oneOf('durability', options.durability ?? 'default', ['default', 'strict', 'relaxed']);
    functionOption('onCorrupt', options.onCorrupt);
    this.#now = functionOption<() => number>('now', options.now) ?? Date.now;
    this.#clock(); // a clock that returns no time is refused now, before any database exists
    this.#conn = new Connection(this.name);
    this.#feed = new ChangeFeed(this.name, {
      consent: (consent) => { this.#consent = consent; },
      encryption: () => { this.#enc = undefined; }, // read the keys and migration mark again at the next call
    });
  }

  get consent(): ConsentState { return this.#consent; }

  /** Asked for, or already so: a database that has keys stays encrypted whatever the option (see encryption-state.ts). */
  get encrypted(): boolean { return this.#encrypt || this.#enc?.keys !== undefined; }

  // ── consent ────────────────────────────────────────────────────────────────────────────────────────────
  async setConsent(consent: ConsentState, setOptions?: { erase?: boolean }): Promise<void> {
    this.#alive();
    const options = optionsOf('History setConsent()', setOptions);
    booleanOption('erase', options.erase);
    this.#consent = oneOf('consent', consent, CONSENTS);
    this.#feed.consent(consent);
    if (consent === 'denied' && options.erase !== false) await this.erase();
    if (consent === 'granted') {
      await this.#db(true); // creates the database now, so a storage problem shows here and not at the first record()
      await this.sweep();
    }
  }

  // ── writes ─────────────────────────────────────────────────────────────────────────────────────────────
  async record(input: ShopperEvent | readonly ShopperEvent[]): Promise<StoredEvent[]> {
    this.#alive();
    const events = validateEvents(Array.isArray(input) ? input : [input]);
    this.#requireConsent('record events');
    if (events.length === 0) return [];
    const stored: StoredEvent[] = events.map((e) => ({ id: newEventId(e.time), ...e }));
    await this.#put(stored, false);
    this.#stats.recorded += stored.length;
    this.#approxCount += stored.length;
    this.#feed.emit({ kind: 'added', events: stored });
    if (this.#approxCount > this.#maxEvents || this.#clock() - this.#lastSweep > SWEEP_INTERVAL_MS) await this.sweep();
    return stored;
  }

  async import(data: unknown, importOptions?: ImportOptions): Promise<{ imported: number }> {
    this.#alive();
    const mode = oneOf('mode', optionsOf('History import()', importOptions).mode ?? 'merge', ['merge', 'replace']);
    const events = parseExport(data);
    this.#requireConsent('import history');
    await this.#put(events, mode === 'replace');
    this.#feed.emit({ kind: 'imported', count: events.length });
    await this.sweep();
    return { imported: events.length };
  }

  /** Encrypts (outside any transaction), then writes all rows in one transaction; on quota errors prunes and retries. */
  async #put(events: StoredEvent[], replace: boolean): Promise<void> {
    let db = await this.#db(true) as HistoryDb;
    let rows = await this.#rows(events);
    let pruned = 0;
    let freed: boolean | undefined;
    for (let attempt = 0; ; attempt++) {
      let keysAppeared = false;
      try {
        // One all-or-nothing transaction: a failure part-way leaves none of the rows (nor the clear). Plain rows
        // commit only if the database still has no keys (another tab may have turned encryption on meanwhile).
        const plain = !this.#enc?.keys;
        await this.#retrying(db, (conn) => writeAll(conn.transaction([EVENTS, META], 'readwrite', { durability: this.#options.durability ?? 'default' }), (tx) => {
          const raw = tx.objectStore(EVENTS);
          if (plain) {
            const check = tx.objectStore(META).get('aes');
            check.onsuccess = () => { if (check.result !== undefined) { keysAppeared = true; tx.abort(); } };
          }
          if (replace) raw.clear();
          for (const row of rows) raw.put(row);
        }));
        return;
      } catch (error) {
        if (keysAppeared && attempt < QUOTA_RETRIES) {
          this.#enc = undefined;
          db = await this.#db(true) as HistoryDb;
          rows = await this.#rows(events);
          continue;
        }
        const quota = (error as { name?: string }).name === 'QuotaExceededError';
        if (!quota || (this.#options.onQuota ?? 'prune') === 'error' || attempt >= QUOTA_RETRIES) {
          throw storageError(error, `storing ${rows.length} event(s)`, 'None of them was stored (one transaction).');
        }
        const total = await this.count();
        if (total === 0) throw storageError(error, `storing ${rows.length} event(s) in an empty store`);
        if (freed === false) {
          throw new StorefrontError('QUOTA_EXCEEDED', `History: the browser refused to store ${rows.length} event(s). None of them was stored; ${pruned} older event(s) were pruned to make room, but the browser has not given their space back yet, so no more were deleted. Record again later, free space on the device or lower retention.maxEvents.`, { cause: error });
        }
        const before = await usage();
        pruned += await this.#deleteOldest(Math.max(rows.length, Math.ceil(total * (QUOTA_PRUNE[attempt] as number))), 'quota');
        const after = await usage();
        freed = before === undefined || after === undefined ? undefined : after < before;
      }
    }
  }

  /** The rows to store: encrypted (outside any transaction) when the database has keys. */
  async #rows(events: StoredEvent[]): Promise<unknown[]> {
    const { keys, tokens } = this.#enc ?? {};
    if (this.#encrypt && !keys) throw new StorefrontError('INTERNAL', 'History: encryption keys are missing before a write. Please report this.');
    return keys && tokens ? Promise.all(events.map((e) => encryptEvent(e, keys, tokens))) : events;
  }

  /** Deletes the `n` oldest events. */
  async #deleteOldest(n: number, reason: 'retention' | 'quota'): Promise<number> {
    return this.#deleteWhere(null, n, reason);
  }

  async #deleteWhere(range: IDBKeyRange | null, count: number | undefined, reason: 'retention' | 'quota'): Promise<number> {
    const db = await this.#db(false);
    if (!db) return 0;
    const ids = await this.#retrying(db, async (conn) => {
      const tx = conn.transaction(EVENTS, 'readwrite');
      const store = unwrap(tx.store) as IDBObjectStore;
      const keys = await oldestKeys(store.index(INDEXES.time), range, count);
      // Our ids sort by time, so the oldest events are usually exactly the ids up to the newest of them: then one
      // range delete replaces thousands of single deletes (checked by counting; otherwise delete one by one).
      const last = keys.reduce<IDBValidKey | undefined>((max, k) => (max === undefined || indexedDB.cmp(k, max) > 0 ? k : max), undefined);
      const upTo = last === undefined ? undefined : IDBKeyRange.upperBound(last);
      if (upTo && keys.length > 1 && await countOf(store, upTo) === keys.length) store.delete(upTo);
      else for (const key of keys) store.delete(key);
      await tx.done;
      return keys as string[];
    });
    if (ids.length === 0) return 0;
    if (reason === 'quota') this.#stats.prunedByQuota += ids.length;
    else this.#stats.prunedByRetention += ids.length;
    this.#feed.emit({ kind: 'removed', ids, reason });
    return ids.length;
  }

  async sweep(): Promise<number> {
    this.#alive();
    if (this.#consent !== 'granted') return 0;
    this.#lastSweep = this.#clock();
    let removed = await this.#deleteWhere(IDBKeyRange.upperBound(this.#clock() - this.#maxAge, true), undefined, 'retention');
    const total = await this.count();
    if (total > this.#maxEvents) removed += await this.#deleteWhere(null, total - this.#maxEvents, 'retention');
    this.#approxCount = Math.min(total, this.#maxEvents);
    return removed;
  }

  async erase(): Promise<void> {
    this.#alive();
    await this.#conn.delete();
    this.#enc = undefined;
    this.#approxCount = 0;
    this.#feed.emit({ kind: 'erased' });
    await eraseShopperModels(); // what was derived from the shopper goes with their history (docs/privacy.md)
  }

  // ── reads ──────────────────────────────────────────────────────────────────────────────────────────────
  async recent(limit: number): Promise<StoredEvent[]> {
    this.#alive();
    return this.#read(INDEXES.time, () => null, readLimit({ limit }, true));
  }

  async bySession(sessionId: string, options?: ReadOptions): Promise<StoredEvent[]> {
    this.#alive();
    const limit = readLimit(optionsOf('History bySession()', options));
    lookupId(sessionId);
    return this.#read(INDEXES.session, async () => compoundRange(await this.#token(sessionId)), limit);
  }

  async byProduct(productId: string, options?: ReadOptions): Promise<StoredEvent[]> {
    this.#alive();
    const limit = readLimit(optionsOf('History byProduct()', options));
    lookupId(productId);
    return this.#read(INDEXES.product, async () => compoundRange(await this.#token(productId)), limit);
  }

  async byType(type: EventType, options?: ReadOptions): Promise<StoredEvent[]> {
    this.#alive();
    const limit = readLimit(optionsOf('History byType()', options));
    oneOf('type', type, EVENT_TYPES);
    return this.#read(INDEXES.type, () => compoundRange(type), limit);
  }

  /** `from` and `to` may be -Infinity / Infinity for an open end. */
  async range(from: number, to: number, options?: ReadOptions): Promise<StoredEvent[]> {
    this.#alive();
    const limit = readLimit(optionsOf('History range()', options));
    boundIn('from', from);
    boundIn('to', to);
    if (from > to) {
      throw new StorefrontError('INVALID_OPTION', `History range(): from (${from}) is after to (${to}). Pass the earlier time first.`, {
        details: { option: 'from', value: from, to },
      });
    }
    return this.#read(INDEXES.time, () => IDBKeyRange.bound(from, to), limit);
  }

  async sessions(sessionOptions?: { gapMs?: number; since?: number }) {
    this.#alive();
    const options = optionsOf('History sessions()', sessionOptions);
    const gap = numberIn('gapMs', options.gapMs ?? DEFAULT_SESSION_GAP_MS, 1, Number.MAX_SAFE_INTEGER);
    const since = boundIn('since', options.since ?? -Infinity);
    const events = await this.#read(INDEXES.time, () => IDBKeyRange.lowerBound(since), undefined);
    return segmentSessions(events, gap);
  }

  async count(): Promise<number> {
    this.#alive();
    const db = await this.#db(false);
    return db ? this.#retrying(db, (conn) => conn.count(EVENTS)) : 0;
  }

  async export(): Promise<HistoryExport> {
    this.#alive();
    const db = await this.#conn.get(false);
    const events = db ? await this.#read(INDEXES.time, () => null, undefined, true) : [];
    const derived = await exportShopperModels(); // models adapted on this shopper (docs/privacy.md)
    return { format: 'storefront-ml/history', version: 1, exportedAt: new Date(this.#clock()).toISOString(), events, derived };
  }

  async #read(index: IndexName, range: () => IDBKeyRange | null | Promise<IDBKeyRange | null>, limit: number | undefined, anyConsent = false): Promise<StoredEvent[]> {
    if (!anyConsent && this.#consent !== 'granted') return [];
    const db = await this.#db(false);
    if (!db) return [];
    const query = await range();
    const rows = await this.#retrying(db, (conn) =>
      readIndex(unwrap(conn.transaction(EVENTS, 'readonly').store.index(index)) as IDBIndex, query, limit));
    if (!this.#enc?.keys && rows.some(isEncryptedRow)) {
      // Another tab turned encryption on since this connection read the state: read it again (keys, migration).
      this.#enc = undefined;
      await this.#db(false);
    }
    return decodeRows(rows, this.#enc, (key, error) => this.#skip(key, error));
  }

  /** An unreadable row: counted in stats().skipped and reported to onCorrupt. */
  #skip(key: IDBValidKey, error: unknown): void {
    this.#stats.skipped++;
    try {
      this.#options.onCorrupt?.({ key, reason: error instanceof Error ? error.message || error.name : String(error) });
    } catch (callbackError) {
      // The shop's callback failing must not lose the readable rows: reported as uncaught, and reading goes on.
      reportOutOfBand(callbackError);
    }
  }

  // ── plumbing ───────────────────────────────────────────────────────────────────────────────────────────
  /** The connection (opened on demand) with its keys loaded; `create` allows creating the database. */
  async #db(create: boolean): Promise<HistoryDb | undefined> {
    for (let attempt = 0; ; attempt++) {
      const db = await this.#conn.get(create);
      try {
        while (db && this.#stale(db)) {
          this.#encLoading ??= this.#loadEncryption(db).finally(() => { this.#encLoading = undefined; });
          await this.#encLoading;
        }
        return db;
      } catch (error) {
        // Another tab's upgrade closed the connection half-way: reopen once (a migration goes on where it stopped).
        if (attempt === 0 && errorName(error) === 'InvalidStateError') continue;
        throw encryptionError(error);
      }
    }
  }

  /**
   * Whether the encryption state must be read (again): for a new connection, and once consent allows what could not
   * be done before it (creating the keys, migrating old rows), e.g. after a read while consent was pending.
   */
  #stale(db: HistoryDb): boolean {
    const state = this.#enc;
    if (state?.db !== db) return true;
    if (this.#consent !== 'granted') return false;
    return state.keys ? !state.migrated : this.#encrypt;
  }

  async #loadEncryption(db: HistoryDb): Promise<void> {
    const granted = this.#consent === 'granted';
    const state = await openEncryption(db, this.#encrypt, granted, (key, error) => this.#skip(key, error));
    this.#enc = { db, ...state };
    if (state.changed) this.#feed.encryption();
  }

  async #token(value: string): Promise<string> {
    await this.#db(false);
    const tokens = this.#enc?.tokens;
    return tokens ? tokens.token(value) : value;
  }

  /** Runs `fn`; when another tab's upgrade closed the connection in between, reopens once and retries. */
  async #retrying<T>(db: HistoryDb, fn: (db: HistoryDb) => Promise<T>): Promise<T> {
    try {
      return await fn(db);
    } catch (error) {
      if ((error as { name?: string }).name !== 'InvalidStateError') throw error;
      const again = await this.#db(true) as HistoryDb;
      return fn(again);
    }
  }

  subscribe(listener: Listener): () => void {
    this.#alive();
    if (typeof listener !== 'function') {
      throw new StorefrontError('INVALID_INPUT', `History subscribe(): the listener must be a function; got ${typeof listener}.`, { details: { value: listener } });
    }
    return this.#feed.subscribe(listener);
  }

  #requireConsent(what: string): void {
    if (this.#consent !== 'granted') {
      throw new StorefrontError('CONSENT_REQUIRED', `History: cannot ${what} while consent is "${this.#consent}". Call setConsent('granted') once the shopper agrees; check store.consent before recording.`);
    }
  }

  /** The `now` option's time, checked: a clock that returns no time would reach IDBKeyRange or Date as NaN. */
  #clock(): number {
    const t = this.#now();
    if (typeof t !== 'number' || !Number.isFinite(t)) {
      throw new StorefrontError('INVALID_OPTION', `Option now must return milliseconds since the epoch; it returned ${typeof t === 'number' ? t : typeof t}.`, {
        details: { option: 'now', value: t },
      });
    }
    return t;
  }

  #alive(): void {
    if (this.#closed) throw new StorefrontError('DISPOSED', `History: the store "${this.name}" was closed. Open a new one with openHistory().`);
  }

  stats(): HistoryStats {
    return { ...this.#stats, reopened: this.#conn.reopened };
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#feed.close();
    this.#conn.close();
  }
}

/** A failure while reading the keys or migrating: a full disk is QUOTA_EXCEEDED, anything else STORAGE_FAILED. */
function encryptionError(error: unknown): StorefrontError {
  const outcome = 'Every stored event stays readable, and the next call goes on where this one stopped.';
  if (isStorefrontError(error) || errorName(error) === 'QuotaExceededError') return storageError(error, 'encrypting the stored events', outcome);
  return new StorefrontError('STORAGE_FAILED', `History: reading the encryption keys or encrypting the stored events failed (${errorName(error) ?? 'Error'}: ${describeError(error)}). ${outcome} Retry; if it persists, erase() the history.`, { cause: error });
}
