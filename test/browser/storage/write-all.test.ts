/** writeAll: many rows in one transaction, all stored or (after any failure) none. Real IndexedDB in Chromium. */
import { openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { writeAll } from '../../../src/core/storage/write-all.ts';

const names: string[] = [];
async function database() {
  const name = `write-all-${crypto.randomUUID().slice(0, 8)}`;
  names.push(name);
  return openDB(name, 1, { upgrade: (db) => { db.createObjectStore('rows', { keyPath: 'id' }); } });
}
afterEach(async () => {
  for (const name of names.splice(0)) await new Promise((r) => { indexedDB.deleteDatabase(name).onsuccess = r; });
});

describe('writeAll', () => {
  it('stores every row in one transaction', async () => {
    const db = await database();
    await writeAll(db.transaction('rows', 'readwrite'), (tx) => {
      for (let id = 0; id < 100; id++) tx.objectStore('rows').put({ id });
    });
    expect(await db.count('rows')).toBe(100);
    db.close();
  });

  it('a row that cannot be cloned, after others were queued, leaves none of them', async () => {
    const db = await database();
    const error = await writeAll(db.transaction('rows', 'readwrite'), (tx) => {
      tx.objectStore('rows').put({ id: 1 });
      tx.objectStore('rows').put({ id: 2 });
      tx.objectStore('rows').put({ id: 3, f: () => 0 });
    }).catch((e: unknown) => e);
    expect((error as DOMException).name).toBe('DataCloneError');
    expect(await db.count('rows')).toBe(0);
    db.close();
  });

  it('a request that fails inside the transaction (a duplicate key) aborts it: none of the rows stay', async () => {
    const db = await database();
    await db.put('rows', { id: 'old' });
    const error = await writeAll(db.transaction('rows', 'readwrite'), (tx) => {
      tx.objectStore('rows').add({ id: 'new-1' });
      tx.objectStore('rows').add({ id: 'old' }); // ConstraintError, asynchronously
      tx.objectStore('rows').add({ id: 'new-2' });
    }).catch((e: unknown) => e);
    expect((error as DOMException).name).toBe('ConstraintError');
    expect(await db.getAllKeys('rows')).toEqual(['old']);
    db.close();
  });
});
