/**
 * Fuzz (browser): the history store in real IndexedDB. Hostile events and read arguments end in valid results or
 * INVALID_INPUT/INVALID_OPTION (never a raw DataError/TypeError); what is recorded is what is read back and exported;
 * an import is all-or-nothing and round-trips.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHistory, type HistoryStore } from '../../../src/history/index.ts';
import type { ShopperEvent, StoredEvent } from '../../../src/history/types.ts';
import { validateStoredEvent } from '../../../src/history/validate-event.ts';
import { fc, fuzz, hostileValue, resolvesValidOrRejectsTyped, safeJson } from '../../fuzz/fuzz.ts';
import { hostileEvents, validEvent } from '../../fuzz/events.ts';
import { dbName } from '../history/helpers.ts';

const NOW = Math.floor(Date.now() / 1000) * 1000;
/** Valid events within the last 30 days, so the default retention (90 days) keeps them. */
const recentEvent = fc.tuple(validEvent, fc.integer({ min: 0, max: 30 * 86_400_000 })).map(([e, ago]) => ({ ...e, time: NOW - ago }));
const recentEvents = fc.array(recentEvent, { minLength: 1, maxLength: 12 });

const isStored = (list: unknown) => Array.isArray(list) && list.every((e) => { validateStoredEvent(e); return true; });
/**
 * The fields of an event as the shop gave it (the id the store added left out), through JSON: a price of -0 is
 * the same price as 0 (=== holds), and export() writes JSON anyway.
 */
const given = ({ id: _id, ...rest }: StoredEvent): ShopperEvent => plain(rest);
const plain = (e: ShopperEvent): ShopperEvent => JSON.parse(JSON.stringify(e));
const byTimeThenJson = (a: ShopperEvent, b: ShopperEvent) => a.time - b.time || (safeJson(a) < safeJson(b) ? -1 : 1);

describe('fuzz: history store (IndexedDB)', () => {
  let store: HistoryStore;
  beforeAll(async () => {
    store = await openHistory({ name: dbName('fuzz'), consent: 'granted' });
  });
  afterAll(async () => {
    await store.erase();
    store.close();
  });

  it('record(hostile events): the events stored, or INVALID_INPUT with nothing written', async () => {
    await fuzz('history.record hostile', { numRuns: 2000, timeLimitMs: 10_000 }, [fc.oneof({ weight: 1, arbitrary: recentEvents }, { weight: 3, arbitrary: hostileEvents })], async (events) => {
      const before = await store.count();
      const r = await resolvesValidOrRejectsTyped(() => store.record(events as never), isStored);
      const added = (await store.count()) - before;
      const expected = r.ok ? r.value.length : 0;
      if (added !== expected) throw new Error(`${r.ok ? 'resolved with' : 'rejected, yet wrote'} ${r.ok ? expected : added} event(s); the count changed by ${added}`);
    });
  });

  it('reads with hostile arguments (byProduct, byType, bySession, range, recent, sessions): events or INVALID_INPUT/INVALID_OPTION', async () => {
    const arg = fc.oneof(hostileValue, fc.constantFrom('p1', 'view', 's1', 5, NOW), fc.integer());
    const opts = fc.oneof(hostileValue, fc.record({ limit: hostileValue, gapMs: hostileValue, since: hostileValue }, { requiredKeys: [] }));
    // A small store of its own: the record() property above leaves thousands of events in `store`.
    const reads = await openHistory({ name: dbName('fuzz-reads'), consent: 'granted' });
    const calls: [string, (a: unknown, b: unknown, o: unknown) => Promise<unknown>][] = [
      ['byProduct', (a, _b, o) => reads.byProduct(a as never, o as never)],
      ['byType', (a, _b, o) => reads.byType(a as never, o as never)],
      ['bySession', (a) => reads.bySession(a as never)],
      ['range', (a, b, o) => reads.range(a as never, b as never, o as never)],
      ['recent', (a) => reads.recent(a as never)],
      ['sessions', (_a, _b, o) => reads.sessions(o as never)],
    ];
    await reads.record([{ type: 'view', productId: 'p1', sessionId: 's1', time: NOW - 1000 }, { type: 'cart_add', productId: 'p2', sessionId: 's2', time: NOW - 500 }]);
    await fuzz('history reads hostile', { numRuns: 2000, timeLimitMs: 8000 }, [fc.nat({ max: calls.length - 1 }), arg, arg, opts], async (which, a, b, o) => {
      const [, call] = calls[which]!;
      await resolvesValidOrRejectsTyped(() => call(a, b, o), (list) => Array.isArray(list));
    }).finally(async () => {
      await reads.erase();
      reads.close();
    });
  });

  it('what is recorded is what is read back (bySession, export); an import into another store round-trips', async () => {
    await fuzz('history record/export/import round trip', { numRuns: 300, timeLimitMs: 10_000 }, [recentEvents], async (events) => {
      const a = await openHistory({ name: dbName('fuzz-a'), consent: 'granted' });
      const b = await openHistory({ name: dbName('fuzz-b'), consent: 'granted' });
      try {
        const stored = await a.record(events);
        const want = stored.map(given).sort(byTimeThenJson);
        expect(events.map(plain).sort(byTimeThenJson)).toEqual(want);
        const exported = await a.export();
        expect(exported.events.map(given).sort(byTimeThenJson)).toEqual(want);
        for (const s of new Set(events.map((e) => e.sessionId))) {
          expect((await a.bySession(s)).map(given).sort(byTimeThenJson)).toEqual(want.filter((e) => e.sessionId === s));
        }
        // Through JSON text, as a shopper's file would come back.
        expect(await b.import(JSON.stringify(exported))).toEqual({ imported: events.length });
        expect(JSON.parse(JSON.stringify((await b.export()).events))).toEqual(JSON.parse(JSON.stringify(exported.events)));
      } finally {
        await a.erase(); a.close();
        await b.erase(); b.close();
      }
    });
  });

  it('an import with one hostile event anywhere is INVALID_INPUT and changes nothing', async () => {
    const target = await openHistory({ name: dbName('fuzz-import'), consent: 'granted' });
    await target.record([{ type: 'view', productId: 'kept', sessionId: 's0', time: NOW - 5000 }]);
    const before = (await target.export()).events;
    try {
      await fuzz('history import all-or-nothing', { numRuns: 500, timeLimitMs: 8000 }, [recentEvents, hostileValue, fc.nat(), fc.constantFrom('merge', 'replace')], async (events, bad, at, mode) => {
        const doc = { format: 'storefront-ml/history', version: 1, exportedAt: new Date(NOW).toISOString() };
        const good = events.map((e, i) => ({ id: `${(e.time).toString(36).padStart(9, '0')}-fuzz${i}aaaaaa`, ...e }));
        // A hostile value either replaces a whole event or one field of it.
        const i = at % good.length;
        const spoilt = at % 2 === 0 ? bad : { ...good[i], [['type', 'time', 'sessionId', 'productId', 'price', 'id'][at % 6]!]: bad };
        let rejected = false;
        try {
          validateStoredEvent(spoilt);
        } catch {
          rejected = true;
        }
        if (!rejected) return; // the hostile value happened to make a valid event
        const list: unknown[] = [...good];
        list.splice(i, 1, spoilt);
        await resolvesValidOrRejectsTyped(() => target.import({ ...doc, events: list }, { mode } as never).then(() => { throw new Error('the import resolved'); }), () => false, ['INVALID_INPUT']);
        expect((await target.export()).events).toEqual(before);
      });
    } finally {
      await target.erase();
      target.close();
    }
  });
});
