/**
 * The shopper history store on IndexedDB (via idb). See README "Shopper history" for the guarantees.
 * Never awaits anything but IndexedDB requests inside a transaction: encryption and validation happen before it,
 * decryption after it.
 */
import { unwrap } from 'idb';
import { StorefrontError } from '../core/errors.ts';
import { eraseShopperModels, exportShopperModels } from '../core/storage/shopper-data.ts';
import { writeAll } from '../core/storage/write-all.ts';
import { boundIn, booleanOption, functionOption, numberIn, oneOf, optionsOf } from '../core/validate.ts';
import { Connection, storageError } from './connection.ts';
import { createKeys, decryptRow, encryptEvent, isEncryptedRow, Tokenizer } from './crypto.ts';
import type { HistoryKeys } from './crypto.ts';
import { parseExport } from './export-format.ts';
import { lookupId, readLimit, reportOutOfBand } from './read-checks.ts';
import { compoundRange, oldestKeys, readIndex } from './idb-reads.ts';
import { DEFAULT_DB_NAME, EVENTS, INDEXES, META, type HistoryDb, type IndexName } from './schema.ts';
import { DEFAULT_SESSION_GAP_MS, segmentSessions } from './sessions.ts';
import type {
  ConsentState, HistoryExport, HistoryOptions, HistoryStats, HistoryStore, ImportOptions, ReadOptions,
} from './store-types.ts';
import { EVENT_TYPES } from './types.ts';
import type { EventType, HistoryChange, ShopperEvent, StoredEvent } from './types.ts';
import { newEventId, validateEvents, validateStoredEvent } from './validate-event.ts';

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

/** The origin's storage usage in bytes, when the browser tells (navigator.storage.estimate). */
async function usage(): Promise<number | undefined> {
  try {
    return (await globalThis.navigator?.storage?.estimate?.())?.usage;
  } catch {
    return undefined;
  }
}

type Listener = (change: HistoryChange) => void;
type Message = { kind: 'change'; change: HistoryChange } | { kind: 'consent'; consent: ConsentState };

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
  readonly encrypted: boolean;
  readonly persistent = true as const;
  #consent: ConsentState;
  #closed = false;
  readonly #conn: Connection;
  readonly #options: HistoryOptions;
  readonly #maxAge: number;
  readonly #maxEvents: number;
  readonly #now: () => number;
  readonly #listeners = new Set<Listener>();
  readonly #channel: BroadcastChannel | undefined;
  #keys: { db: HistoryDb; keys: HistoryKeys | undefined; tokens: Tokenizer | undefined } | undefined;
  #approxCount = 0;
  #lastSweep = 0;
  readonly #stats: Omit<HistoryStats, 'reopened'> = { recorded: 0, skipped: 0, prunedByRetention: 0, prunedByQuota: 0 };

  constructor(options: HistoryOptions) {
    this.#options = options;
    this.name = options.name ?? DEFAULT_DB_NAME;
    if (typeof this.name !== 'string' || this.name === '') throw new StorefrontError('INVALID_OPTION', 'Option name must be a non-empty string.');
    this.#consent = oneOf('consent', options.consent ?? 'pending', CONSENTS);
    this.encrypted = booleanOption('encrypt', options.encrypt) ?? false;
    optionsOf('openHistory retention', options.retention);
    this.#maxAge = numberIn('retention.maxAgeMs', options.retention?.maxAgeMs ?? 90 * DAY, 1, Number.MAX_SAFE_INTEGER);
    this.#maxEvents = numberIn('retention.maxEvents', options.retention?.maxEvents ?? 10_000, 1, 1e9, true);
    oneOf('onQuota', options.onQuota ?? 'prune', ['prune', 'error']);
    oneOf('durability', options.durability ?? 'default', ['default', 'strict', 'relaxed']);
    functionOption('onCorrupt', options.onCorrupt);
    this.#now = functionOption<() => number>('now', options.now) ?? Date.now;
    this.#clock(); // a clock that returns no time is refused now, before any database exists
    this.#conn = new Connection(this.name);
    this.#channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(`storefront-ml:${this.name}`) : undefined;
    if (this.#channel) this.#channel.onmessage = (m: MessageEvent<Message>) => this.#receive(m.data);
  }

  get consent(): ConsentState { return this.#consent; }

  // ── consent ────────────────────────────────────────────────────────────────────────────────────────────
  async setConsent(consent: ConsentState, setOptions?: { erase?: boolean }): Promise<void> {
    this.#alive();
    const options = optionsOf('History setConsent()', setOptions);
    booleanOption('erase', options.erase);
    this.#consent = oneOf('consent', consent, CONSENTS);
    this.#channel?.postMessage({ kind: 'consent', consent } satisfies Message);
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
    this.#emit({ kind: 'added', events: stored });
    if (this.#approxCount > this.#maxEvents || this.#clock() - this.#lastSweep > SWEEP_INTERVAL_MS) await this.sweep();
    return stored;
  }

  async import(data: unknown, importOptions?: ImportOptions): Promise<{ imported: number }> {
    this.#alive();
    const mode = oneOf('mode', optionsOf('History import()', importOptions).mode ?? 'merge', ['merge', 'replace']);
    const events = parseExport(data);
    this.#requireConsent('import history');
    await this.#put(events, mode === 'replace');
    this.#emit({ kind: 'imported', count: events.length });
    await this.sweep();
    return { imported: events.length };
  }

  /** Encrypts (outside any transaction), then writes all rows in one transaction; on quota errors prunes and retries. */
  async #put(events: StoredEvent[], replace: boolean): Promise<void> {
    const db = await this.#db(true) as HistoryDb;
    const { keys, tokens } = this.#keys ?? {};
    if (this.encrypted && (!keys || !tokens)) throw new StorefrontError('INTERNAL', 'History: encryption keys are missing before a write. Please report this.');
    const rows = this.encrypted
      ? await Promise.all(events.map((e) => encryptEvent(e, keys as HistoryKeys, tokens as Tokenizer)))
      : events;
    let pruned = 0;
    let freed: boolean | undefined;
    for (let attempt = 0; ; attempt++) {
      try {
        // One all-or-nothing transaction: a failure part-way leaves none of the rows (nor the clear).
        await this.#retrying(db, (conn) => writeAll(conn.transaction(EVENTS, 'readwrite', { durability: this.#options.durability ?? 'default' }), (tx) => {
          const raw = tx.objectStore(EVENTS);
          if (replace) raw.clear();
          for (const row of rows) raw.put(row);
        }));
        return;
      } catch (error) {
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
    this.#emit({ kind: 'removed', ids, reason });
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
    this.#keys = undefined;
    this.#approxCount = 0;
    this.#emit({ kind: 'erased' });
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
    return this.#decode(rows);
  }

  /** Decrypts (in parallel) and validates rows after the transaction; unreadable ones are skipped and reported. */
  async #decode(rows: unknown[]): Promise<StoredEvent[]> {
    const keys = this.#keys?.keys;
    // Plain rows need no await at all; encrypted ones decrypt in parallel.
    const opened: PromiseSettledResult<unknown>[] = rows.some(isEncryptedRow)
      ? await Promise.allSettled(rows.map((row) => (isEncryptedRow(row)
        ? keys ? decryptRow(row, keys) : Promise.reject(new Error('encrypted, and this database has no key for it'))
        : row)))
      : rows.map((value) => ({ status: 'fulfilled', value }));
    const out: StoredEvent[] = [];
    opened.forEach((result, i) => {
      try {
        if (result.status === 'rejected') throw result.reason;
        out.push(validateStoredEvent(result.value, 'Stored event'));
      } catch (error) {
        this.#stats.skipped++;
        const key = (rows[i] as { id?: IDBValidKey } | null)?.id ?? '(no id)';
        try {
          this.#options.onCorrupt?.({ key, reason: error instanceof Error ? error.message || error.name : String(error) });
        } catch (callbackError) {
          // The shop's callback failing must not lose the readable rows: reported as uncaught, and reading goes on.
          reportOutOfBand(callbackError);
        }
      }
    });
    return out;
  }

  // ── plumbing ───────────────────────────────────────────────────────────────────────────────────────────
  /** The connection (opened on demand) with its keys loaded; `create` allows creating the database. */
  async #db(create: boolean): Promise<HistoryDb | undefined> {
    const db = await this.#conn.get(create);
    if (db && this.#keys?.db !== db) {
      const keys = await loadKeys(db, this.encrypted && this.#consent === 'granted');
      this.#keys = { db, keys, tokens: keys ? new Tokenizer(keys.hmac) : undefined };
    }
    return db;
  }

  async #token(value: string): Promise<string> {
    await this.#db(false);
    const tokens = this.#keys?.tokens;
    return tokens && this.encrypted ? tokens.token(value) : value;
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
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(change: HistoryChange): void {
    this.#deliver(change);
    this.#channel?.postMessage({ kind: 'change', change } satisfies Message);
  }

  #deliver(change: HistoryChange): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(change);
      } catch (error) {
        // A listener's bug must not undo a write that succeeded: report it as uncaught, out of our call stack.
        reportOutOfBand(error);
      }
    }
  }

  #receive(message: Message): void {
    if (this.#closed) return;
    if (message.kind === 'consent') this.#consent = message.consent;
    else this.#deliver(message.change);
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
    this.#listeners.clear();
    this.#channel?.close();
    this.#conn.close();
  }
}

function countOf(store: IDBObjectStore, range: IDBKeyRange): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = store.count(range);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Loads the keys kept in the database; with `create`, makes and stores them when absent (another tab may race us). */
async function loadKeys(db: HistoryDb, create: boolean): Promise<HistoryKeys | undefined> {
  const read = async () => {
    const tx = db.transaction(META, 'readonly');
    const [aes, hmac] = await Promise.all([tx.store.get('aes'), tx.store.get('hmac')]);
    return aes instanceof CryptoKey && hmac instanceof CryptoKey ? { aes, hmac } : undefined;
  };
  const existing = await read();
  if (existing || !create) return existing;
  const fresh = await createKeys(); // generated outside the transaction
  const tx = db.transaction(META, 'readwrite');
  const [aes, hmac] = await Promise.all([tx.store.get('aes'), tx.store.get('hmac')]);
  if (aes instanceof CryptoKey && hmac instanceof CryptoKey) {
    await tx.done;
    return { aes, hmac };
  }
  await Promise.all([tx.store.put(fresh.aes, 'aes'), tx.store.put(fresh.hmac, 'hmac'), tx.done]);
  return fresh;
}
