import { afterEach, describe, expect, it } from 'vitest';
import { isStorefrontError } from '../../../src/core/errors.ts';
import { openHistory } from '../../../src/history/store.ts';
import type { HistoryStore } from '../../../src/history/store-types.ts';
import type { HistoryChange } from '../../../src/history/types.ts';
import { newEventId } from '../../../src/history/validate-event.ts';
import { expectNoLeak } from '../../helpers/leak.ts';
import { dbName, makeEvents, ourDatabases, T0 } from './helpers.ts';

const open: HistoryStore[] = [];
async function granted(name = dbName('store'), extra = {}) {
  const store = await openHistory({ name, consent: 'granted', ...extra });
  open.push(store);
  return store;
}
afterEach(async () => {
  for (const s of open.splice(0)) { try { await s.erase(); } catch { /* closed in the test */ } s.close(); }
});

describe('history store: record and read', () => {
  it('records a batch and reads it back by time, session, product, type and range', async () => {
    const store = await granted();
    const stored = await store.record(makeEvents(30));
    expect(stored).toHaveLength(30);
    expect(new Set(stored.map((e) => e.id)).size).toBe(30);
    expect(await store.count()).toBe(30);
    const recent = await store.recent(5);
    expect(recent.map((e) => e.time)).toEqual([25, 26, 27, 28, 29].map((i) => T0 + i * 1000));
    expect((await store.recent(1000)).length).toBe(30);
    const s1 = await store.bySession('s1');
    expect(s1.map((e) => e.time)).toEqual(stored.filter((e) => e.sessionId === 's1').map((e) => e.time));
    expect((await store.byProduct('p3')).every((e) => e.productId === 'p3')).toBe(true);
    expect((await store.byProduct('p3')).length).toBe(3);
    expect((await store.byProduct('p3', { limit: 1 }))[0]?.time).toBe(T0 + 23_000);
    expect((await store.byType('cart_add')).length).toBe(4);
    expect((await store.range(T0 + 10_000, T0 + 12_000)).map((e) => e.time)).toEqual([T0 + 10_000, T0 + 11_000, T0 + 12_000]);
    expect(await store.byProduct('nope')).toEqual([]);
  });

  it('segments sessions by inactivity', async () => {
    const store = await granted();
    await store.record([...makeEvents(3, T0), ...makeEvents(2, T0 + 3_600_000)]);
    expect((await store.sessions()).map((s) => s.events.length)).toEqual([3, 2]);
    expect((await store.sessions({ gapMs: 2 * 3_600_000 })).length).toBe(1);
  });

  it('rejects an invalid batch with INVALID_INPUT and leaves what is stored untouched', async () => {
    const store = await granted();
    await store.record(makeEvents(5));
    const before = await store.recent(100);
    const batch = [...makeEvents(3, T0 + 60_000), { type: 'view', time: T0, sessionId: 's' } as never];
    await expect(store.record(batch)).rejects.toSatisfy((e) => isStorefrontError(e, 'INVALID_INPUT') && /Event 3: productId is required/.test((e as Error).message));
    expect(await store.recent(100)).toEqual(before);
  });

  it('notifies subscribers in this tab and in another store on the same database (BroadcastChannel)', async () => {
    const name = dbName('notify');
    const a = await granted(name);
    const b = await granted(name);
    const inA: HistoryChange[] = [];
    const inB: HistoryChange[] = [];
    const off = a.subscribe((c) => inA.push(c));
    b.subscribe((c) => inB.push(c));
    const [event] = await a.record(makeEvents(1));
    await expect.poll(() => inB.length).toBe(1);
    expect(inA).toEqual([{ kind: 'added', events: [event] }]);
    expect(inB).toEqual(inA);
    off();
    await a.record(makeEvents(1));
    await expect.poll(() => inB.length).toBe(2);
    expect(inA).toHaveLength(1);
  });

  it('close() is idempotent and every call afterwards throws DISPOSED', async () => {
    const store = await granted();
    store.close();
    store.close();
    for (const call of [() => store.recent(1), () => store.record(makeEvents(1)), () => store.export(), () => store.erase()]) {
      await expect(call()).rejects.toSatisfy((e) => isStorefrontError(e, 'DISPOSED'));
    }
    expect(() => store.subscribe(() => {})).toThrow(/was closed/);
  });

  it('rejects bad options with INVALID_OPTION', async () => {
    await expect(openHistory({ consent: 'yes' as never })).rejects.toThrow('Unsupported consent "yes". Expected one of: granted, denied, pending.');
    await expect(openHistory({ retention: { maxEvents: 0 } })).rejects.toSatisfy((e) => isStorefrontError(e, 'INVALID_OPTION'));
  });

  it('allocates no tensors (it never touches TensorFlow.js)', async () => {
    const store = await granted();
    await expectNoLeak(async () => {
      await store.record(makeEvents(10));
      await store.recent(10);
      await store.sessions();
      await store.export();
    });
  });
});

describe('history store: consent', () => {
  it('creates nothing before consent, then records once granted; withdrawing erases', async () => {
    const name = dbName('consent');
    const store = await openHistory({ name });
    open.push(store);
    expect(store.consent).toBe('pending');
    await expect(store.record(makeEvents(1))).rejects.toSatisfy((e) => isStorefrontError(e, 'CONSENT_REQUIRED'));
    expect(await store.recent(10)).toEqual([]);
    expect(await store.count()).toBe(0);
    expect(await ourDatabases(name)).toEqual([]);
    await store.setConsent('granted');
    await store.record(makeEvents(3));
    expect(await ourDatabases(name)).toEqual([name]);
    await store.setConsent('denied');
    expect(await ourDatabases(name)).toEqual([]);
    await expect(store.record(makeEvents(1))).rejects.toSatisfy((e) => isStorefrontError(e, 'CONSENT_REQUIRED'));
  });

  it('withdrawing with erase: false stops recording but keeps the data; consent travels to other tabs', async () => {
    const name = dbName('consent2');
    const a = await granted(name);
    const b = await granted(name);
    await a.record(makeEvents(2));
    await a.setConsent('denied', { erase: false });
    await expect.poll(() => b.consent).toBe('denied');
    await expect(b.record(makeEvents(1))).rejects.toSatisfy((e) => isStorefrontError(e, 'CONSENT_REQUIRED'));
    expect(await ourDatabases(name)).toEqual([name]);
    expect((await a.export()).events).toHaveLength(2);
  });
});

describe('history store: retention, export, import, erase', () => {
  it('enforces retention by count after writes and by age on open', async () => {
    const name = dbName('retention');
    const store = await granted(name, { retention: { maxEvents: 20 } });
    await store.record(makeEvents(50));
    expect(await store.count()).toBe(20);
    expect((await store.recent(1))[0]?.time).toBe(T0 + 49_000);
    expect(store.stats().prunedByRetention).toBe(30);
    store.close();
    const later = await granted(name, { now: () => T0 + 40_000 + 7 * 86_400_000, retention: { maxAgeMs: 7 * 86_400_000 } });
    expect((await later.recent(100)).map((e) => e.time)).toEqual(Array.from({ length: 10 }, (_, i) => T0 + (40 + i) * 1000));
  });

  it('retention deletes the oldest by time even when ids do not sort by time (imported ids)', async () => {
    const store = await granted(dbName('retention-ids'), { retention: { maxEvents: 5 } });
    const events = makeEvents(10).map((e, i) => ({ ...e, id: newEventId(T0 + (9 - i) * 1000) }));
    await store.import({ format: 'storefront-ml/history', version: 1, exportedAt: new Date().toISOString(), events });
    expect((await store.recent(100)).map((e) => e.time)).toEqual([5, 6, 7, 8, 9].map((i) => T0 + i * 1000));
  });

  it('exports versioned JSON and imports it back, validating first and never duplicating', async () => {
    const store = await granted();
    await store.record(makeEvents(10));
    const dump = await store.export();
    expect(dump).toMatchObject({ format: 'storefront-ml/history', version: 1, events: expect.any(Array) });
    expect(new Date(dump.exportedAt).toISOString()).toBe(dump.exportedAt);
    const other = await granted();
    expect(await other.import(JSON.stringify(dump))).toEqual({ imported: 10 });
    await other.import(dump);
    expect(await other.recent(100)).toEqual(dump.events);
    const broken = { ...dump, events: [...dump.events, { ...dump.events[0], id: 'nope' }] };
    await expect(other.import(broken)).rejects.toThrow(/History import: event 10: id must be/);
    await expect(other.import('{"format":"other"}')).rejects.toSatisfy((e) => isStorefrontError(e, 'INVALID_INPUT'));
    expect(await other.count()).toBe(10);
    await other.import({ ...dump, events: dump.events.slice(0, 2) }, { mode: 'replace' });
    expect(await other.count()).toBe(2);
  });

  it('erase() in another tab closes this one, which then reads [] and does not re-create the database', async () => {
    const name = dbName('erase-other');
    const [a, b] = [await granted(name), await granted(name)];
    await a.record(makeEvents(5));
    expect(await b.count()).toBe(5);
    await a.erase(); // resolves only once b's connection has closed for the delete
    expect(await ourDatabases(name)).toEqual([]);
    expect(await b.recent(10)).toEqual([]);
    expect(await b.count()).toBe(0);
    expect(await ourDatabases(name)).toEqual([]);
    await b.record(makeEvents(1)); // still consented in b: a write creates it again
    expect(await a.count()).toBe(1);
  });

  it('erase() leaves no database behind', async () => {
    const name = dbName('erase');
    const store = await granted(name, { encrypt: true });
    await store.record(makeEvents(3));
    expect(await ourDatabases(name)).toEqual([name]);
    const seen: HistoryChange[] = [];
    store.subscribe((c) => seen.push(c));
    await store.erase();
    expect(await ourDatabases(name)).toEqual([]);
    expect(seen).toEqual([{ kind: 'erased' }]);
    expect(await store.recent(10)).toEqual([]);
    expect(await ourDatabases(name)).toEqual([]);
  });
});
