/**
 * Found by the fuzz tier (test/browser/fuzz/history.fuzz.test.ts), its shrunk counterexample `record([, event])`:
 * a hole in the array was skipped by the checks and reached IndexedDB, which refused it, so an input mistake was
 * reported as STORAGE_FAILED. A hole is an event that is not one: INVALID_INPUT naming it, nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStorefrontError } from '../../../src/core/errors.ts';
import { openHistory, type HistoryStore } from '../../../src/history/index.ts';
import type { ShopperEvent } from '../../../src/history/types.ts';
import { T0, dbName } from './helpers.ts';

const view: ShopperEvent = { type: 'view', time: T0, sessionId: 's1', page: 'home' };

async function failure(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return isStorefrontError(error) ? error : { message: `not a StorefrontError: ${String(error)}` };
  }
  return { message: 'it resolved' };
}

describe('history arrays with holes', () => {
  let store: HistoryStore;
  beforeAll(async () => {
    store = await openHistory({ name: dbName('sparse'), consent: 'granted' });
  });
  afterAll(async () => {
    await store.erase();
    store.close();
  });

  it('record([, event]) is INVALID_INPUT naming event 0 and writes nothing (was STORAGE_FAILED from a DataError)', async () => {
    // eslint-disable-next-line no-sparse-arrays
    const e = await failure(store.record([, view] as ShopperEvent[]));
    expect(e.code, e.message).toBe('INVALID_INPUT');
    expect(e.message).toMatch(/Event 0/);
    expect(await store.count()).toBe(0);
  });

  it('import() of an export whose events array has a hole is INVALID_INPUT naming it and changes nothing', async () => {
    await store.record([view]);
    const doc = await store.export();
    const events: unknown[] = [...doc.events, ...doc.events.map((ev) => ({ ...ev, id: `${ev.id.slice(0, 10)}zzzzzzzz` }))];
    delete events[0];
    const e = await failure(store.import({ ...doc, events }));
    expect(e.code, e.message).toBe('INVALID_INPUT');
    expect(e.message).toMatch(/event 0/);
    expect((await store.export()).events).toEqual(doc.events);
  });
});
