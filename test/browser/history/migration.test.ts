import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../../src/history/schema.ts';
import { openHistory } from '../../../src/history/store.ts';
import { newEventId } from '../../../src/history/validate-event.ts';
import { dbName, T0 } from './helpers.ts';

describe('schema migrations', () => {
  it('migrates a version-1 database step by step and keeps its events', async () => {
    const name = dbName('v1');
    // What the first build wrote: the events store with by-time and by-session indexes, no meta store.
    const v1 = await openDB(name, 1, {
      upgrade(db) {
        const events = db.createObjectStore('events', { keyPath: 'id' });
        events.createIndex('time', 'time');
        events.createIndex('session', ['sessionId', 'time']);
      },
    });
    const old = { id: newEventId(T0), type: 'view', time: T0, sessionId: 's', productId: 'p1' };
    await v1.put('events', old);
    v1.close();

    const store = await openHistory({ name, consent: 'granted', retention: { maxAgeMs: 1e13 } });
    expect(await store.byProduct('p1')).toEqual([old]);
    expect(await store.byType('view')).toEqual([old]);
    store.close();
    const db = await openDB(name);
    expect(db.version).toBe(SCHEMA_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['events', 'meta']);
    expect([...db.transaction('events').store.indexNames].sort()).toEqual(['product', 'session', 'time', 'type']);
    db.close();
    const cleanup = await openHistory({ name, consent: 'granted' });
    await cleanup.erase();
    cleanup.close();
  });
});
