/** Raw IndexedDB edits for the encryption tests: plain `indexedDB` (no idb, no storefront-ml), as an attacker would. */

function openRaw(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => resolve(open.result);
  });
}

/** Runs `edit` on the store `store` in one read-write transaction and waits for the commit. */
export async function rawEdit(name: string, edit: (store: IDBObjectStore) => void, store = 'events'): Promise<void> {
  const db = await openRaw(name);
  try {
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(store, 'readwrite');
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(tx.error);
      edit(tx.objectStore(store));
    });
  } finally {
    db.close();
  }
}

/** One row by key, read with plain IndexedDB. */
export async function rawGet(name: string, key: IDBValidKey, store = 'events'): Promise<unknown> {
  const db = await openRaw(name);
  try {
    return await new Promise((resolve, reject) => {
      const req = db.transaction(store).objectStore(store).get(key);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  } finally {
    db.close();
  }
}

/** Every string found anywhere in a value, including the bytes of ArrayBuffers and typed arrays read as text. */
export function allText(value: unknown): string {
  if (value instanceof ArrayBuffer) return new TextDecoder('latin1').decode(value);
  if (ArrayBuffer.isView(value)) return new TextDecoder('latin1').decode(value as Uint8Array);
  if (value instanceof CryptoKey) return `[CryptoKey extractable=${value.extractable}]`;
  if (typeof value === 'object' && value !== null) return Object.entries(value).map(([k, v]) => `${k}:${allText(v)}`).join('|');
  return String(value);
}
