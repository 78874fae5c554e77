/**
 * In an encrypted history every stored field the library trusts is authenticated: a row whose id, time, type, session
 * or product token was changed in raw IndexedDB (plain `indexedDB`), or a plaintext row slipped in, is skipped and
 * reported through `onCorrupt`; the untouched rows read normally.
 */
import { describe, expect, it } from 'vitest';
import { openHistory } from '../../../src/history/store.ts';
import type { CorruptRecord, HistoryStore } from '../../../src/history/store-types.ts';
import type { ShopperEvent, StoredEvent } from '../../../src/history/types.ts';
import { newEventId } from '../../../src/history/validate-event.ts';
import { dbName, T0 } from './helpers.ts';
import { rawEdit, rawGet } from './raw-idb.ts';

type Row = Record<string, unknown>;
const events: ShopperEvent[] = [
  { type: 'view', time: T0, sessionId: 'alice', productId: 'tv-4k', price: 999 },
  { type: 'cart_add', time: T0 + 1000, sessionId: 'alice', productId: 'tv-4k', price: 999 },
  { type: 'view', time: T0 + 2000, sessionId: 'bob', productId: 'usb-cable', price: 5 },
  { type: 'purchase', time: T0 + 3000, sessionId: 'bob', productId: 'usb-cable', price: 5 },
];

async function setUp(what: string): Promise<{ name: string; store: HistoryStore; stored: StoredEvent[]; reports: CorruptRecord[] }> {
  const name = dbName(what);
  const reports: CorruptRecord[] = [];
  const store = await openHistory({ name, consent: 'granted', encrypt: true, onCorrupt: (r) => reports.push(r) });
  const stored = await store.record(events);
  return { name, store, stored, reports };
}

/** Rewrites row `id` with `change` applied to it, straight in IndexedDB. */
async function tamper(name: string, id: string, change: (row: Row) => void): Promise<void> {
  const row = await rawGet(name, id) as Row;
  change(row);
  await rawEdit(name, (s) => s.put(row));
}

describe('tampering with an encrypted row', () => {
  const cases: Array<[string, (row: Row, other: Row) => void]> = [
    ['type', (row) => { row.type = 'purchase'; }],
    ['time', (row) => { row.time = (row.time as number) + 60_000; }],
    ['product token (swapped with another row)', (row, other) => { row.productId = other.productId; }],
    ['session token (swapped with another row)', (row, other) => { row.sessionId = other.sessionId; }],
    ['format version', (row) => { row.enc = 1; }],
  ];
  for (const [field, change] of cases) {
    it(`changing its ${field} is detected, reported and skipped`, async () => {
      const { name, store, stored, reports } = await setUp(`tamper-${field.split(' ')[0]}`);
      const victim = stored[2] as StoredEvent; // bob's usb-cable view
      const other = await rawGet(name, (stored[0] as StoredEvent).id) as Row; // alice's tv-4k view
      await tamper(name, victim.id, (row) => change(row, other));
      expect(await store.recent(10)).toEqual([stored[0], stored[1], stored[3]]);
      expect(await store.byProduct('tv-4k')).toEqual([stored[0], stored[1]]);
      for (const event of await store.byProduct('tv-4k')) expect(event.productId).toBe('tv-4k');
      for (const event of await store.bySession('alice')) expect(event.sessionId).toBe('alice');
      expect(reports.length).toBeGreaterThan(0);
      expect(new Set(reports.map((r) => r.key))).toEqual(new Set([victim.id]));
      expect(store.stats().skipped).toBe(reports.length);
      await store.erase();
      store.close();
    });
  }

  it('a whole row moved under another id (the key) fails to open', async () => {
    const { name, store, stored, reports } = await setUp('tamper-id');
    const moved = { ...await rawGet(name, (stored[2] as StoredEvent).id) as Row, id: newEventId(T0 + 2500) };
    await rawEdit(name, (s) => s.put(moved));
    expect(await store.recent(10)).toEqual(stored);
    expect(reports.map((r) => r.key)).toEqual([moved.id]);
    await store.erase();
    store.close();
  });

  it('a plaintext row slipped into an encrypted history is reported, not trusted', async () => {
    const { name, store, stored, reports } = await setUp('tamper-plain');
    const forged = { id: newEventId(T0 + 500), type: 'purchase', time: T0 + 500, sessionId: 'alice', productId: 'tv-4k', price: 1 };
    await rawEdit(name, (s) => s.put(forged));
    expect(await store.recent(10)).toEqual(stored);
    expect(reports.map((r) => r.key)).toEqual([forged.id]);
    expect(store.stats().skipped).toBe(1);
    await store.erase();
    store.close();
  });
});
