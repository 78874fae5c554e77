/**
 * Found by the fuzz tier (test/browser/fuzz/history.fuzz.test.ts), its shrunk counterexample `recent(1796193581000)`:
 * a limit is accepted up to 2^53 - 1, but IndexedDB's getAllRecords count is an unsigned long, so a limit of 2^32 or
 * more escaped as a raw TypeError. Such a limit means "all of them", as any limit above the count does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHistory, type HistoryStore } from '../../../src/history/index.ts';
import { T0, dbName, makeEvents } from './helpers.ts';

describe('history read limits beyond 2^32', () => {
  let store: HistoryStore;
  beforeAll(async () => {
    store = await openHistory({ name: dbName('read-limit'), consent: 'granted' });
    await store.record(makeEvents(12, T0));
  });
  afterAll(async () => {
    await store.erase();
    store.close();
  });

  it('recent(2^32), recent(MAX_SAFE_INTEGER) and byX({ limit: 2^32 }) return every event instead of throwing a TypeError', async () => {
    expect(await store.recent(2 ** 32)).toHaveLength(12);
    expect(await store.recent(Number.MAX_SAFE_INTEGER)).toHaveLength(12);
    expect(await store.recent(1_796_193_581_000)).toHaveLength(12);
    expect(await store.byProduct('p1', { limit: 2 ** 32 })).toEqual(await store.byProduct('p1'));
    expect(await store.byType('view', { limit: 2 ** 40 })).toEqual(await store.byType('view'));
  });
});
