/**
 * The browser's real failure modes, each provoked in Chromium (QuotaExceededError: quota.serial.test.ts): a real
 * schema upgrade from another connection, two real writers, foreign rows written with plain IndexedDB. Only
 * "IndexedDB unavailable" is stubbed: a normal test page cannot turn its own storage off.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDB } from 'idb';
import { isStorefrontError } from '../../../src/core/errors.ts';
import { openHistory } from '../../../src/history/store.ts';
import type { CorruptRecord, HistoryStore } from '../../../src/history/store-types.ts';
import type { ShopperEvent } from '../../../src/history/types.ts';
import { newEventId } from '../../../src/history/validate-event.ts';
import { dbName, makeEvents, T0 } from './helpers.ts';

const stores: HistoryStore[] = [];
async function granted(name: string, extra = {}) {
  const store = await openHistory({ name, consent: 'granted', retention: { maxEvents: 1e6, maxAgeMs: 1e13 }, ...extra });
  stores.push(store);
  return store;
}
afterEach(async () => {
  vi.unstubAllGlobals();
  for (const s of stores.splice(0)) s.close();
});

describe('IndexedDB unavailable', () => {
  it('throws STORAGE_UNAVAILABLE when there is no indexedDB (documented choice: a typed error, no memory mode)', async () => {
    vi.stubGlobal('indexedDB', undefined);
    await expect(openHistory({ name: dbName('none'), consent: 'granted' })).rejects.toSatisfy((e) =>
      isStorefrontError(e, 'STORAGE_UNAVAILABLE') && /Carry on without history/.test((e as Error).message));
    // Before consent nothing touches storage, so opening works; granting then reports the problem, and a
    // record() is refused loudly (the caller knows the events were not kept).
    const store = await openHistory({ name: dbName('none') });
    stores.push(store);
    await expect(store.setConsent('granted')).rejects.toSatisfy((e) => isStorefrontError(e, 'STORAGE_UNAVAILABLE'));
    await expect(store.record(makeEvents(3))).rejects.toSatisfy((e) => isStorefrontError(e, 'STORAGE_UNAVAILABLE'));
  });

  it('throws STORAGE_UNAVAILABLE when opening is refused (SecurityError, as in opaque origins and blocked site data)', async () => {
    const refusing = {
      open: () => { throw new DOMException('Access to the IndexedDB API is denied in this context.', 'SecurityError'); },
      databases: () => Promise.resolve([]),
      deleteDatabase: () => { throw new DOMException('denied', 'SecurityError'); },
    };
    vi.stubGlobal('indexedDB', refusing);
    await expect(openHistory({ name: dbName('refused'), consent: 'granted' })).rejects.toSatisfy((e) =>
      isStorefrontError(e, 'STORAGE_UNAVAILABLE') && (e as Error).cause instanceof DOMException);
  });
});

describe('a newer schema opened in another tab', () => {
  it('closes, lets the upgrade through, reopens and loses no event (also one in flight)', async () => {
    const name = dbName('upgrade');
    const store = await granted(name);
    await store.record(makeEvents(10));
    const inFlight = store.record(makeEvents(10, T0 + 60_000));
    // "Another tab" running a newer build: version 3 adds an index. It is blocked until our connection closes.
    const newer = await openDB(name, 3, {
      upgrade(_db, _old, _new, tx) { tx.objectStore('events').createIndex('extra', 'price'); },
    });
    await inFlight;
    await newer.add('events', { id: newEventId(T0 + 120_000), type: 'search', time: T0 + 120_000, sessionId: 'other-tab', query: 'x' });
    await store.record(makeEvents(5, T0 + 200_000));
    expect(newer.version).toBe(3);
    expect(await store.count()).toBe(26);
    expect((await store.bySession('other-tab')).length).toBe(1);
    expect(store.stats().reopened).toBe(1);
    newer.close();
    // A second open of our build on the now-newer database works too.
    const again = await granted(name);
    expect(await again.count()).toBe(26);
    await again.erase();
  });
});

describe('two writers at once', () => {
  it('keeps every event exactly once', async () => {
    const name = dbName('writers');
    const [a, b] = [await granted(name), await granted(name)];
    const mine = (who: string, n: number) => Array.from({ length: n }, (_, i) => ({
      type: 'search' as const, time: T0 + i, sessionId: who, query: `${who}-${i}`,
    }));
    const writes: Promise<unknown>[] = [];
    const [ea, eb] = [mine('a', 600), mine('b', 600)];
    for (let i = 0; i < 600; i += 50) {
      writes.push(a.record(ea.slice(i, i + 50)), b.record(eb.slice(i, i + 50)));
      writes.push(a.record(ea[i] as ShopperEvent).then(() => undefined), b.record(eb[i] as ShopperEvent));
    }
    await Promise.all(writes);
    const all = await a.recent(1e6);
    expect(all).toHaveLength(1200 + 24);
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    for (const who of ['a', 'b']) {
      const queries = all.filter((e) => e.sessionId === who).map((e) => e.query);
      const once = Array.from({ length: 600 }, (_, i) => `${who}-${i}`);
      const twice = Array.from({ length: 12 }, (_, k) => `${who}-${k * 50}`);
      expect(queries.sort()).toEqual([...once, ...twice].sort());
    }
    await a.erase();
  });
});

describe('corrupt or foreign records', () => {
  it('skips and reports them; the rest stays readable', async () => {
    const name = dbName('corrupt');
    const reports: CorruptRecord[] = [];
    const store = await granted(name, { onCorrupt: (r: CorruptRecord) => reports.push(r) });
    await store.record(makeEvents(10));
    const raw = await openDB(name);
    await raw.put('events', { id: 'foreign-1', hello: 'world', time: T0 + 5500, sessionId: 's1' });
    await raw.put('events', { id: newEventId(T0 + 2500), type: 'teleport', time: T0 + 2500, sessionId: 's1', productId: 'p1' });
    raw.close();
    const recent = await store.recent(100);
    expect(recent).toHaveLength(10);
    expect(reports.map((r) => r.key)).toContain('foreign-1');
    expect(reports).toHaveLength(2);
    expect(reports.some((r) => /type must be one of/.test(r.reason))).toBe(true);
    expect((await store.bySession('s1')).length).toBe(3);
    expect(store.stats().skipped).toBe(4);
    const dump = await store.export();
    expect(dump.events).toHaveLength(10);
    await store.erase();
  });
});
