/**
 * Turning encryption on (and off) for a history that already holds events: the old rows are re-encrypted, none is
 * left in the clear (read back with plain `indexedDB`), a migration cut short finishes on the next open, and the
 * consent pending → granted path works.
 */
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { Tokenizer, type HistoryKeys } from '../../../src/history/crypto.ts';
import { migrateRows } from '../../../src/history/encryption-migration.ts';
import { loadKeys } from '../../../src/history/encryption-state.ts';
import type { HistorySchema } from '../../../src/history/schema.ts';
import { openHistory } from '../../../src/history/store.ts';
import type { CorruptRecord } from '../../../src/history/store-types.ts';
import type { ShopperEvent, StoredEvent } from '../../../src/history/types.ts';
import { newEventId } from '../../../src/history/validate-event.ts';
import { dbName, rawRows, T0 } from './helpers.ts';
import { allText, rawEdit } from './raw-idb.ts';

const SECRETS = ['sku-tv-4k-oled', 'alice-session-7', 'televisions.oled', 'cheap 4k tv'];
const events: ShopperEvent[] = [
  { type: 'view', time: T0, sessionId: 'alice-session-7', productId: 'sku-tv-4k-oled', category: 'televisions.oled', price: 1299, page: 'product' },
  { type: 'search', time: T0 + 1000, sessionId: 'alice-session-7', query: 'cheap 4k tv' },
  { type: 'cart_add', time: T0 + 2000, sessionId: 'alice-session-7', productId: 'sku-tv-4k-oled', price: 1299 },
];

/** Every raw row is an encrypted one of the current format and no secret is readable anywhere in the database. */
async function expectNoPlaintext(name: string, rows: number): Promise<void> {
  const raw = await rawRows(name) as Array<Record<string, unknown>>;
  expect(raw).toHaveLength(rows);
  for (const row of raw) {
    expect(row.data).toBeInstanceOf(ArrayBuffer);
    expect(row.enc).toBe(2);
  }
  const text = allText(raw);
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

async function plainStore(name: string): Promise<StoredEvent[]> {
  const plain = await openHistory({ name, consent: 'granted' });
  const stored = await plain.record(events);
  expect(allText(await rawRows(name))).toContain('sku-tv-4k-oled');
  plain.close();
  return stored;
}

describe('turning encryption on for an existing history', () => {
  it('re-encrypts every old row on open; all of them read back, by product too', async () => {
    const name = dbName('enc-on');
    const stored = await plainStore(name);
    const reports: CorruptRecord[] = [];
    const store = await openHistory({ name, consent: 'granted', encrypt: true, onCorrupt: (r) => reports.push(r) });
    await expectNoPlaintext(name, 3);
    expect(await store.recent(10)).toEqual(stored);
    expect(await store.byProduct('sku-tv-4k-oled')).toEqual([stored[0], stored[2]]);
    expect(await store.bySession('alice-session-7')).toEqual(stored);
    const [added] = await store.record({ type: 'view', time: T0 + 3000, sessionId: 'alice-session-7', productId: 'sku-tv-4k-oled' });
    await expectNoPlaintext(name, 4);
    expect(await store.byProduct('sku-tv-4k-oled')).toEqual([stored[0], stored[2], added]);
    expect(reports).toEqual([]);
    await store.erase();
    store.close();
  });

  it('with consent pending, then granted: writes work and the old rows are encrypted', async () => {
    const name = dbName('enc-pending');
    const stored = await plainStore(name);
    const store = await openHistory({ name, consent: 'pending', encrypt: true });
    // The shopper's rights work before consent: count and export read the existing database.
    expect(await store.count()).toBe(3);
    expect((await store.export()).events).toEqual(stored);
    await store.setConsent('granted');
    const [added] = await store.record({ type: 'view', time: T0 + 3000, sessionId: 'alice-session-7', productId: 'sku-tv-4k-oled' });
    await expectNoPlaintext(name, 4);
    expect(await store.byProduct('sku-tv-4k-oled')).toEqual([stored[0], stored[2], added]);
    await store.erase();
    store.close();
  });

  it('a migration cut short leaves every row readable and finishes on the next open', async () => {
    const name = dbName('enc-resume');
    const first = await openHistory({ name, consent: 'granted', encrypt: true });
    const encrypted = await first.record(events.slice(0, 2));
    first.close();
    // The state a crash half-way leaves: keys stored, some rows encrypted, some still plain, migration not marked done.
    const plain: StoredEvent[] = [
      { id: newEventId(T0 + 2000), ...events[2] as ShopperEvent },
      { id: newEventId(T0 + 2500), type: 'view', time: T0 + 2500, sessionId: 'alice-session-7', productId: 'sku-tv-4k-oled' },
    ];
    await rawEdit(name, (s) => { for (const row of plain) s.put(row); });
    await rawEdit(name, (s) => s.delete('format'), 'meta');
    const reports: CorruptRecord[] = [];
    const store = await openHistory({ name, consent: 'granted', encrypt: true, onCorrupt: (r) => reports.push(r) });
    expect(await store.recent(10)).toEqual([...encrypted, ...plain]);
    expect(await store.byProduct('sku-tv-4k-oled')).toEqual([encrypted[0], ...plain]);
    await expectNoPlaintext(name, 4);
    expect(reports).toEqual([]);
    await store.erase();
    store.close();
  });

  it('encrypt: false on an encrypted history keeps it encrypted: reads work, new rows are encrypted too', async () => {
    const name = dbName('enc-off');
    const first = await openHistory({ name, consent: 'granted', encrypt: true });
    const stored = await first.record(events.slice(0, 2));
    first.close();
    const reports: CorruptRecord[] = [];
    const store = await openHistory({ name, consent: 'granted', encrypt: false, onCorrupt: (r) => reports.push(r) });
    expect(store.encrypted).toBe(true);
    expect(await store.recent(10)).toEqual(stored);
    const [added] = await store.record(events[2] as ShopperEvent);
    await expectNoPlaintext(name, 3);
    expect(await store.byProduct('sku-tv-4k-oled')).toEqual([stored[0], added]);
    expect(reports).toEqual([]);
    expect(store.stats().skipped).toBe(0);
    await store.erase();
    store.close();
  });
});

describe('encryption turned on while another instance has the plain history open', () => {
  it('the other instance writes encrypted rows from then on and reads everything', async () => {
    const name = dbName('enc-tabs');
    const plain = await openHistory({ name, consent: 'granted' });
    const before = await plain.record(events.slice(0, 2));
    const encrypted = await openHistory({ name, consent: 'granted', encrypt: true });
    const [after] = await plain.record(events[2] as ShopperEvent);
    await expectNoPlaintext(name, 3);
    expect(plain.encrypted).toBe(true);
    expect(await plain.byProduct('sku-tv-4k-oled')).toEqual([before[0], after]);
    expect(await encrypted.recent(10)).toEqual([...before, after]);
    expect(encrypted.stats().skipped + plain.stats().skipped).toBe(0);
    await encrypted.erase();
    encrypted.close();
    plain.close();
  });
});

describe('rows of the earlier encrypted format (1: only the id authenticated)', () => {
  /** A row as earlier builds wrote it, made with the database's own keys. */
  async function formatOneRow(name: string, event: StoredEvent, tokenOf: (v: string) => Promise<string>): Promise<Record<string, unknown>> {
    const meta = await rawRows(name, 'meta');
    const [aes] = meta.filter((k): k is CryptoKey => k instanceof CryptoKey && k.algorithm.name === 'AES-GCM');
    const { id, time, type, sessionId, productId, ...rest } = event;
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const body = new TextEncoder().encode(JSON.stringify({ ...rest, sessionId, productId }));
    const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(id) }, aes as CryptoKey, body);
    return { id, time, type, sessionId: await tokenOf(sessionId), productId: productId && await tokenOf(productId), enc: 1, iv, data };
  }

  it('are re-encrypted as format 2 on open; one whose tokens are not its ids is reported and removed', async () => {
    const name = dbName('enc-v1');
    const first = await openHistory({ name, consent: 'granted', encrypt: true });
    const [kept] = await first.record(events[0] as ShopperEvent);
    first.close();
    // The tokens of the stored format-2 row are the database's HMAC tokens of these ids.
    const tokenRow = (await rawRows(name) as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
    const tokenOf = async (v: string) => (v === 'alice-session-7' ? tokenRow.sessionId : v === 'sku-tv-4k-oled' ? tokenRow.productId : 'h:unknown') as string;
    const old: StoredEvent = { id: newEventId(T0 + 1000), ...events[2] as ShopperEvent };
    const swapped: StoredEvent = { id: newEventId(T0 + 1500), type: 'view', time: T0 + 1500, sessionId: 'alice-session-7', productId: 'sku-other' };
    const rows = [await formatOneRow(name, old, tokenOf), { ...await formatOneRow(name, swapped, tokenOf), productId: tokenRow.productId }];
    await rawEdit(name, (s) => { for (const row of rows) s.put(row); });
    await rawEdit(name, (s) => s.delete('format'), 'meta');
    const reports: CorruptRecord[] = [];
    const store = await openHistory({ name, consent: 'granted', encrypt: true, onCorrupt: (r) => reports.push(r) });
    expect(reports.map((r) => r.key)).toEqual([swapped.id]);
    expect(await store.byProduct('sku-tv-4k-oled')).toEqual([kept, old]);
    await expectNoPlaintext(name, 2);
    await store.erase();
    store.close();
  });
});

describe('a migration that fails half-way', () => {
  it('loses nothing, keeps every row readable, and the next open finishes it', async () => {
    const name = dbName('enc-crash');
    const plain = await openHistory({ name, consent: 'granted' });
    const stored = await plain.record(Array.from({ length: 60 }, (_, i) => ({
      type: 'view' as const, time: T0 + i * 1000, sessionId: `alice-session-7`, productId: i % 2 ? 'sku-tv-4k-oled' : `sku-${i}`,
    })));
    plain.close();
    // Keys made as encrypt: true makes them, then a migration in batches of 10 whose encryption breaks down at the
    // third batch (as a tab closed, a crash or a WebCrypto failure would stop it).
    const db = await openDB<HistorySchema>(name);
    const loaded = await loadKeys(db, true);
    const keys = loaded?.keys as HistoryKeys;
    let calls = 0;
    class Failing extends Tokenizer {
      override token(value: string): Promise<string> {
        if (++calls > 45) return Promise.reject(new Error('the tab was closed'));
        return super.token(value);
      }
    }
    await expect(migrateRows(db, keys, new Failing(keys.hmac), () => undefined, 10)).rejects.toThrow('the tab was closed');
    db.close();
    const half = await rawRows(name) as Array<{ enc?: number }>;
    expect(half).toHaveLength(60);
    expect(half.filter((r) => r.enc === 2).length).toBeGreaterThanOrEqual(10);
    expect(half.filter((r) => r.enc === undefined).length).toBeGreaterThanOrEqual(10);
    const reports: CorruptRecord[] = [];
    const store = await openHistory({ name, consent: 'granted', encrypt: true, onCorrupt: (r) => reports.push(r) });
    expect(await store.recent(100)).toEqual(stored);
    expect(await store.byProduct('sku-tv-4k-oled')).toEqual(stored.filter((e) => e.productId === 'sku-tv-4k-oled'));
    expect(reports).toEqual([]);
    const raw = await rawRows(name) as Array<{ enc?: number }>;
    expect(raw.every((r) => r.enc === 2)).toBe(true);
    expect(allText(raw)).not.toContain('sku-tv-4k-oled');
    await store.erase();
    store.close();
  });
});

describe('turning encryption on when WebCrypto fails half-way', () => {
  it('openHistory throws STORAGE_FAILED, nothing is lost, and the next open finishes the migration', async () => {
    const name = dbName('enc-webcrypto');
    const plain = await openHistory({ name, consent: 'granted' });
    const stored = await plain.record(Array.from({ length: 600 }, (_, i) => ({
      type: 'view' as const, time: T0 + i * 1000, sessionId: 'alice-session-7', productId: 'sku-tv-4k-oled',
    })));
    plain.close();
    const encrypt = crypto.subtle.encrypt;
    let calls = 0;
    crypto.subtle.encrypt = function (this: SubtleCrypto, ...args: Parameters<SubtleCrypto['encrypt']>) {
      if (++calls > 300) return Promise.reject(new DOMException('The device is busy.', 'OperationError'));
      return encrypt.apply(this, args);
    } as SubtleCrypto['encrypt'];
    try {
      const failing = openHistory({ name, consent: 'granted', encrypt: true });
      await expect(failing).rejects.toMatchObject({ code: 'STORAGE_FAILED', message: expect.stringMatching(/^History: .*OperationError.*stays readable/) });
    } finally {
      crypto.subtle.encrypt = encrypt;
    }
    const half = await rawRows(name) as Array<{ enc?: number }>;
    expect(half).toHaveLength(600);
    expect(half.some((r) => r.enc === 2) && half.some((r) => r.enc === undefined)).toBe(true);
    const store = await openHistory({ name, consent: 'granted', encrypt: true });
    expect(await store.byProduct('sku-tv-4k-oled')).toEqual(stored);
    await expectNoPlaintext(name, 600);
    await store.erase();
    store.close();
  });
});

describe('going back to plaintext, as docs/history.md says', () => {
  it('export, erase, reopen with encrypt: false and import', async () => {
    const name = dbName('enc-back');
    const encrypted = await openHistory({ name, consent: 'granted', encrypt: true });
    const stored = await encrypted.record(events);
    const dump = await encrypted.export();
    await encrypted.erase();
    encrypted.close();
    const plain = await openHistory({ name, consent: 'granted', encrypt: false });
    expect(plain.encrypted).toBe(false);
    expect(await plain.import(dump)).toEqual({ imported: 3 });
    expect(await plain.byProduct('sku-tv-4k-oled')).toEqual([stored[0], stored[2]]);
    expect(allText(await rawRows(name))).toContain('sku-tv-4k-oled');
    await plain.erase();
    plain.close();
  });
});
