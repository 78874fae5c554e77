import type { ShopperEvent } from '../../../src/history/types.ts';

/** A day ago, on a whole second: recent enough that the default retention (90 days) keeps test events. */
export const T0 = Math.floor(Date.now() / 1000) * 1000 - 86_400_000;

/** A unique database name per test, so tests never see each other's data. */
export const dbName = (what: string) => `test-${what}-${crypto.randomUUID().slice(0, 8)}`;

/** `n` valid events, one second apart, spread over `sessions` sessions and 10 products. */
export function makeEvents(n: number, start = T0, sessions = 3): ShopperEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    type: i % 7 === 6 ? 'cart_add' : 'view',
    time: start + i * 1000,
    sessionId: `s${i % sessions}`,
    productId: `p${i % 10}`,
    price: 10 + (i % 10),
    page: 'product',
  }) satisfies ShopperEvent);
}

export async function ourDatabases(name: string): Promise<string[]> {
  return (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n === name);
}

/** Reads every row of a store with plain IndexedDB (no idb, no storefront-ml). */
export function rawRows(name: string, store = 'events'): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const req = db.transaction(store).objectStore(store).getAll();
      req.onsuccess = () => { db.close(); resolve(req.result); };
      req.onerror = () => { db.close(); reject(req.error); };
    };
  });
}
