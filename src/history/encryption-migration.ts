/**
 * Turning encryption on for a history that already holds rows: every row not in the current encrypted format (plain
 * rows, format-1 rows of earlier builds) is re-encrypted, batch by batch, each batch one transaction. A crash half-way
 * leaves every row readable (each is either its old self or the new one) and no "done" mark, so the next open goes
 * on where it stopped. Only when a last transaction finds no old row does it write the mark; from then on the store
 * trusts only current-format rows. Encryption happens between the transactions, never inside one.
 */
import { unwrap } from 'idb';
import { StorefrontError } from '../core/errors.ts';
import { decryptLegacyRow, encryptEvent, isEncryptedRow, ROW_FORMAT } from './crypto.ts';
import type { HistoryKeys, Tokenizer } from './crypto.ts';
import { EVENTS, META, type HistoryDb } from './schema.ts';
import { validateStoredEvent } from './validate-event.ts';

/** The meta key whose value is ROW_FORMAT once no row of an older format is left. */
export const MIGRATED_KEY = 'format';
/** Rows re-encrypted per transaction. */
export const MIGRATION_BATCH = 250;

type Raw = { id?: IDBValidKey; enc?: unknown } | null;
const isCurrent = (row: unknown) => (row as Raw)?.enc === ROW_FORMAT;

/** Whether the store was marked as holding only current-format rows. */
export async function isMigrated(db: HistoryDb): Promise<boolean> {
  return (await db.get(META, MIGRATED_KEY)) === ROW_FORMAT;
}

/** Up to `limit` old-format rows after primary key `after`; `next` is where to go on (undefined at the end). */
function oldRows(db: HistoryDb, after: IDBValidKey | undefined, limit: number): Promise<{ rows: unknown[]; next: IDBValidKey | undefined }> {
  return new Promise((resolve, reject) => {
    const tx = unwrap(db.transaction(EVENTS, 'readonly')) as IDBTransaction;
    const rows: unknown[] = [];
    const req = tx.objectStore(EVENTS).openCursor(after === undefined ? null : IDBKeyRange.lowerBound(after, true));
    req.onsuccess = () => {
      const cursor = req.result;
      if (!cursor) return resolve({ rows, next: undefined });
      if (!isCurrent(cursor.value)) rows.push(cursor.value);
      if (rows.length >= limit) return resolve({ rows, next: cursor.primaryKey });
      cursor.continue();
    };
    req.onerror = () => reject(req.error);
  });
}

type Converted = { id: IDBValidKey; next?: unknown; error?: unknown };

/**
 * Re-encrypts old rows (outside any transaction). A row that is unreadable (fails authentication or validation)
 * carries its error instead; a failure to encrypt a readable one rejects, and the migration stops with nothing lost.
 */
function convert(rows: unknown[], keys: HistoryKeys, tokens: Tokenizer): Promise<Converted[]> {
  return Promise.all(rows.map(async (row): Promise<Converted> => {
    const id = (row as Raw)?.id ?? '(no id)';
    let event;
    try {
      event = validateStoredEvent(isEncryptedRow(row) ? await decryptLegacyRow(row, keys, tokens) : row, 'Stored event');
    } catch (error) {
      return { id, error };
    }
    return { id, next: await encryptEvent(event, keys, tokens) };
  }));
}

/**
 * Writes a batch in one transaction, each row only if it is still there in its old format (another tab may have
 * deleted or migrated it meanwhile). An unreadable row is deleted: it could never be read, and it may hold plaintext.
 */
function write(db: HistoryDb, batch: Converted[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = unwrap(db.transaction(EVENTS, 'readwrite')) as IDBTransaction;
    const store = tx.objectStore(EVENTS);
    for (const item of batch) {
      const req = store.get(item.id);
      req.onsuccess = () => {
        if (req.result === undefined || isCurrent(req.result)) return;
        if (item.next === undefined) store.delete(item.id);
        else store.put(item.next);
      };
    }
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new DOMException('The transaction was aborted.', 'AbortError'));
  });
}

/** In one transaction with the events: writes the mark when no old-format row is left; false when one is. */
function markIfDone(db: HistoryDb): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const tx = unwrap(db.transaction([EVENTS, META], 'readwrite')) as IDBTransaction;
    let done = true;
    const req = tx.objectStore(EVENTS).openCursor();
    req.onsuccess = () => {
      const cursor = req.result;
      if (cursor && !isCurrent(cursor.value)) done = false;
      else if (cursor) cursor.continue();
      else tx.objectStore(META).put(ROW_FORMAT, MIGRATED_KEY);
    };
    tx.oncomplete = () => resolve(done);
    tx.onabort = () => reject(tx.error ?? new DOMException('The transaction was aborted.', 'AbortError'));
  });
}

/**
 * Re-encrypts every old-format row and marks the store migrated. `unreadable` hears each row that could not be
 * migrated (and was deleted). Returns how many rows were re-encrypted.
 */
export async function migrateRows(db: HistoryDb, keys: HistoryKeys, tokens: Tokenizer, unreadable: (key: IDBValidKey, error: unknown) => void, batchSize = MIGRATION_BATCH): Promise<number> {
  let migrated = 0;
  // Rows another tab writes in the old format while we run are found by the next pass; a few passes always suffice
  // in practice (a tab that sees the keys writes encrypted rows), the mark is only written when none is left.
  for (let pass = 0; pass < 8; pass++) {
    let after: IDBValidKey | undefined;
    do {
      const { rows, next } = await oldRows(db, after, batchSize);
      after = next;
      if (rows.length === 0) continue;
      const batch = await convert(rows, keys, tokens);
      await write(db, batch);
      for (const item of batch) {
        if (item.next !== undefined) migrated++;
        else unreadable(item.id, item.error);
      }
    } while (after !== undefined);
    if (await markIfDone(db)) return migrated;
  }
  throw new StorefrontError('STORAGE_FAILED', 'History: rows in the old format kept appearing while encrypting the history. Close the other tabs of the shop and reload.');
}
