/**
 * Every read of the history store checks its arguments and options before IndexedDB sees them: a NaN bound, a
 * reversed range, a null options object, an id that is not a string end in a typed error naming the field (never a
 * raw DataError or TypeError), whatever the consent. An `onCorrupt` callback that throws does not abort the read.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDB } from 'idb';
import { expectTyped } from '../../helpers/errors.ts';
import { openHistory } from '../../../src/history/store.ts';
import type { HistoryStore } from '../../../src/history/store-types.ts';
import { dbName, makeEvents, T0 } from './helpers.ts';

const stores: HistoryStore[] = [];
async function open(extra: Record<string, unknown> = {}): Promise<HistoryStore> {
  const store = await openHistory({ name: dbName('args'), consent: 'granted', retention: { maxEvents: 1e6, maxAgeMs: 1e13 }, ...extra });
  stores.push(store);
  return store;
}
afterEach(async () => {
  vi.unstubAllGlobals();
  for (const s of stores.splice(0)) {
    if (s.consent === 'granted') await s.erase();
    s.close();
  }
});


describe('history reads check their arguments', () => {
  it('sessions({ since }) refuses NaN and non-numbers instead of reaching IndexedDB as a DataError', async () => {
    const store = await open();
    await store.record(makeEvents(5));
    await expectTyped(() => store.sessions({ since: NaN }), 'INVALID_OPTION', /since/);
    await expectTyped(() => store.sessions({ since: '2024-01-01' as unknown as number }), 'INVALID_OPTION', /since/);
    // An open end is fine: -Infinity reads everything, Infinity nothing.
    expect((await store.sessions({ since: -Infinity })).flatMap((s) => s.events)).toHaveLength(5);
    expect(await store.sessions({ since: Infinity })).toEqual([]);
  });

  it('range() takes ±Infinity as an open end and names both bounds when they are reversed or NaN', async () => {
    const store = await open();
    await store.record(makeEvents(5));
    expect(await store.range(T0 + 2000, Infinity)).toHaveLength(3);
    expect(await store.range(-Infinity, T0 + 1000)).toHaveLength(2);
    await expectTyped(() => store.range(T0 + 5000, T0), 'INVALID_OPTION', /from .* after to|to .* before from/);
    await expectTyped(() => store.range(NaN, T0), 'INVALID_OPTION', /from/);
    await expectTyped(() => store.range(T0, NaN), 'INVALID_OPTION', /to/);
  });

  it('a null or non-object options argument is INVALID_OPTION, not a TypeError', async () => {
    const store = await open();
    await store.record(makeEvents(3));
    const nul = null as unknown as undefined;
    await expectTyped(() => store.byProduct('p1', nul), 'INVALID_OPTION', /options/);
    await expectTyped(() => store.byType('view', nul), 'INVALID_OPTION', /options/);
    await expectTyped(() => store.range(T0, T0 + 10_000, nul), 'INVALID_OPTION', /options/);
    await expectTyped(() => store.sessions(nul), 'INVALID_OPTION', /options/);
    await expectTyped(() => store.import({ format: 'storefront-ml/history', version: 1, exportedAt: '', events: [] }, nul), 'INVALID_OPTION', /options/);
    await expectTyped(() => store.setConsent('granted', nul), 'INVALID_OPTION', /options/);
    await expectTyped(() => store.byType('view', { limit: -1 }), 'INVALID_OPTION', /limit/);
    await expectTyped(() => store.recent(Infinity), 'INVALID_OPTION', /limit/);
    await expectTyped(() => store.byProduct('p1', { limit: 2.5 }), 'INVALID_OPTION', /limit/);
  });

  it('ids and options are checked whatever the consent (a pending store still refuses a number as a product id)', async () => {
    const store = await openHistory({ name: dbName('args-pending') });
    stores.push(store);
    await expectTyped(() => store.byProduct(42 as unknown as string), 'INVALID_INPUT', /id/);
    await expectTyped(() => store.bySession(''), 'INVALID_INPUT', /id/);
    await expectTyped(() => store.sessions({ since: NaN }), 'INVALID_OPTION', /since/);
    await expectTyped(() => store.byType('teleport' as 'view'), 'INVALID_OPTION', /type/);
    expect(await store.byProduct('p1')).toEqual([]);
  });

  it('openHistory refuses null options and callbacks that are not functions', async () => {
    await expectTyped(() => openHistory(null as unknown as undefined), 'INVALID_OPTION', /options/);
    await expectTyped(() => openHistory({ name: dbName('cb'), onCorrupt: 'log' as unknown as () => void }), 'INVALID_OPTION', /onCorrupt/);
    await expectTyped(() => openHistory({ name: dbName('cb'), now: 5 as unknown as () => number }), 'INVALID_OPTION', /now/);
    await expectTyped(() => openHistory({ name: dbName('cb'), encrypt: 'yes' as unknown as boolean }), 'INVALID_OPTION', /encrypt/);
  });

  it('subscribe() refuses a listener that is not a function, and a clock (now) that returns no time is named', async () => {
    const store = await open();
    await expectTyped(() => store.subscribe('log' as unknown as () => void), 'INVALID_INPUT', /listener/);
    // Retention on open reads the clock: a NaN reached IDBKeyRange as a DataError, and export() threw a RangeError.
    await expectTyped(() => open({ now: () => NaN }), 'INVALID_OPTION', /now/);
    await expectTyped(() => openHistory({ name: dbName('clock'), now: () => 'today' as unknown as number }), 'INVALID_OPTION', /now/);
    // A clock that goes bad later is caught where it is read (export() threw a RangeError).
    let time = Date.now();
    const later = await open({ now: () => time });
    time = NaN;
    await expectTyped(() => later.export(), 'INVALID_OPTION', /now/);
  });

  it('record() already refuses odd values with INVALID_INPUT naming the event and field (checked, held before this change)', async () => {
    const store = await open();
    const bad = [null, undefined, 5, 'view', { type: 'view', time: NaN, sessionId: 's', productId: 'p' },
      { type: 'view', time: T0, sessionId: 's', productId: 'p', price: Infinity }, { type: 'view', time: T0, sessionId: 's', productId: 'p', quantity: 0.5 }];
    for (const value of bad) await expectTyped(() => store.record(value as never), 'INVALID_INPUT', /Event/);
    await expectTyped(() => store.record([makeEvents(1)[0]!, null as never]), 'INVALID_INPUT', /Event 1/);
    expect(await store.count()).toBe(0);
  });
});

describe('onCorrupt', () => {
  it('a callback that throws does not abort the read: the error is reported out of band and reading goes on', async () => {
    const reported: unknown[] = [];
    vi.stubGlobal('reportError', (error: unknown) => reported.push(error));
    const seen: string[] = [];
    const store = await open({ onCorrupt: (r: { key: IDBValidKey }) => { seen.push(String(r.key)); throw new Error('the shop\'s logger is broken'); } });
    const name = store.name;
    await store.record(makeEvents(6));
    const raw = await openDB(name);
    await raw.put('events', { id: 'foreign-1', hello: 'world', time: T0 + 1500, sessionId: 's1' });
    await raw.put('events', { id: 'foreign-2', hello: 'again', time: T0 + 3500, sessionId: 's1' });
    raw.close();
    const events = await store.recent(100);
    expect(events).toHaveLength(6);
    expect(seen).toEqual(['foreign-1', 'foreign-2']);
    expect(store.stats().skipped).toBe(2);
    await vi.waitFor(() => expect(reported).toHaveLength(2));
    expect((reported[0] as Error).message).toMatch(/logger is broken/);
  });
});
