/**
 * Fast index reads, and the counts and storage estimate the quota handling needs. `getAll` cannot read backwards,
 * and a cursor wrapped in promises costs a microtask round trip per record; so "the most recent N" uses
 * `getAllRecords({ direction: 'prev' })` where the browser has it (Chromium 141+) and a plain-callback cursor
 * elsewhere. Both run in one short read-only transaction.
 */

interface GetAllRecordsOptions {
  query?: IDBKeyRange | null;
  count?: number;
  direction?: IDBCursorDirection;
}
type WithRecords = IDBIndex & { getAllRecords?: (options: GetAllRecordsOptions) => IDBRequest<Array<{ value: unknown }>> };

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** The largest `count` IndexedDB takes (WebIDL unsigned long). */
const MAX_IDB_COUNT = 0xffff_ffff;

/** Values of `index` in `range`: all of them oldest first, or with `limit` the last `limit` (still oldest first). */
export async function readIndex(index: IDBIndex, range: IDBKeyRange | null, limit?: number): Promise<unknown[]> {
  if (limit === undefined) return request(index.getAll(range));
  if (limit <= 0) return [];
  const withRecords = index as WithRecords;
  if (typeof withRecords.getAllRecords === 'function') {
    // IndexedDB's count is an unsigned long: a larger limit (allowed up to 2^53 - 1) means all, as 2^32 - 1 does.
    const records = await request(withRecords.getAllRecords({ query: range, count: Math.min(limit, MAX_IDB_COUNT), direction: 'prev' }));
    return records.map((r) => r.value).reverse();
  }
  return new Promise((resolve, reject) => {
    const out: unknown[] = [];
    const req = index.openCursor(range, 'prev');
    req.onsuccess = () => {
      const cursor = req.result;
      if (!cursor || out.length >= limit) return resolve(out.reverse());
      out.push(cursor.value);
      cursor.continue();
    };
    req.onerror = () => reject(req.error);
  });
}

/** Primary keys of the `count` oldest records by `index` (all when count is undefined) within `range`. */
export function oldestKeys(index: IDBIndex, range: IDBKeyRange | null, count?: number): Promise<IDBValidKey[]> {
  return request(index.getAllKeys(range, count));
}

/** Everything from `from` to `to` (inclusive) in a compound [value, time] index. */
export function compoundRange(value: string): IDBKeyRange {
  return IDBKeyRange.bound([value, -Infinity], [value, Infinity]);
}

/** How many records of `store` are in `range`. */
export function countOf(store: IDBObjectStore, range: IDBKeyRange): Promise<number> {
  return request(store.count(range));
}

/** The origin's storage usage in bytes, when the browser tells (navigator.storage.estimate). */
export async function usage(): Promise<number | undefined> {
  try {
    return (await globalThis.navigator?.storage?.estimate?.())?.usage;
  } catch {
    return undefined;
  }
}
