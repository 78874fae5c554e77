import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { openHistory } from '../../../src/history/store.ts';
import type { CorruptRecord } from '../../../src/history/store-types.ts';
import type { ShopperEvent } from '../../../src/history/types.ts';
import { dbName, rawRows, T0 } from './helpers.ts';

const SECRET_PRODUCT = 'sku-4711-red-sneakers';
const SECRET_SESSION = 'session-of-alice-42';

/** Every string found anywhere in a value, including the bytes of ArrayBuffers and typed arrays read as text. */
function allText(value: unknown): string {
  if (value instanceof ArrayBuffer) return new TextDecoder('latin1').decode(value);
  if (ArrayBuffer.isView(value)) return new TextDecoder('latin1').decode(value as Uint8Array);
  if (value instanceof CryptoKey) return `[CryptoKey extractable=${value.extractable}]`;
  if (typeof value === 'object' && value !== null) return Object.entries(value).map(([k, v]) => `${k}:${allText(v)}`).join('|');
  return String(value);
}

const events: ShopperEvent[] = [
  { type: 'view', time: T0, sessionId: SECRET_SESSION, productId: SECRET_PRODUCT, category: 'shoes.sneakers', price: 89.9, page: 'product' },
  { type: 'search', time: T0 + 1000, sessionId: SECRET_SESSION, query: 'red sneakers size 38' },
  { type: 'cart_add', time: T0 + 2000, sessionId: SECRET_SESSION, productId: SECRET_PRODUCT, price: 89.9, quantity: 1 },
  { type: 'view', time: T0 + 3000, sessionId: 'other', productId: 'sku-1' },
];

describe('encryption at rest', () => {
  it('keeps no plaintext ids, queries or categories in the raw database, and reads them back', async () => {
    const name = dbName('enc');
    const store = await openHistory({ name, consent: 'granted', encrypt: true });
    expect(store.encrypted).toBe(true);
    const stored = await store.record(events);
    const raw = await rawRows(name);
    expect(raw).toHaveLength(4);
    const text = allText(raw);
    for (const secret of [SECRET_PRODUCT, SECRET_SESSION, 'sneakers', 'shoes', '89.9']) expect(text).not.toContain(secret);
    // Index keys are HMAC tokens, the same for the same id: lookups still use the index.
    const rows = raw as Array<{ productId?: string; sessionId: string }>;
    expect(rows[0]?.productId).toMatch(/^h:[\w-]{22}$/);
    expect(rows[0]?.productId).toBe(rows[2]?.productId);
    expect(await store.byProduct(SECRET_PRODUCT)).toEqual([stored[0], stored[2]]);
    expect((await store.bySession(SECRET_SESSION)).map((e) => e.type)).toEqual(['view', 'search', 'cart_add']);
    expect(await store.recent(10)).toEqual(stored);
    // The keys are CryptoKey objects that stay non-extractable after a round trip through IndexedDB.
    const meta = await rawRows(name, 'meta');
    const keys = meta.filter((v): v is CryptoKey => v instanceof CryptoKey);
    expect(keys).toHaveLength(2);
    expect(meta.filter((v) => !(v instanceof CryptoKey))).toEqual([2]); // the mark: every row is in row format 2
    for (const key of keys) {
      expect(key).toBeInstanceOf(CryptoKey);
      expect(key.extractable).toBe(false);
      await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
    }
    // Another store (a reload) reads the same data with the stored keys.
    store.close();
    const again = await openHistory({ name, consent: 'granted', encrypt: true });
    expect(await again.byProduct(SECRET_PRODUCT)).toEqual([stored[0], stored[2]]);
    expect((await again.export()).events).toEqual(stored);
    await again.erase();
    again.close();
  });

  it('skips and reports a tampered row (AES-GCM authentication), the rest stays readable', async () => {
    const name = dbName('enc-tamper');
    const reports: CorruptRecord[] = [];
    const store = await openHistory({ name, consent: 'granted', encrypt: true, onCorrupt: (r) => reports.push(r) });
    const stored = await store.record(events);
    const db = await openDB(name);
    const row = await db.get('events', stored[1]?.id as string);
    const bytes = new Uint8Array(row.data as ArrayBuffer);
    bytes[0] = (bytes[0] as number) ^ 1;
    await db.put('events', row);
    db.close();
    expect(await store.recent(10)).toEqual([stored[0], stored[2], stored[3]]);
    expect(reports).toEqual([{ key: stored[1]?.id, reason: expect.any(String) }]);
    await store.erase();
    store.close();
  });
});
