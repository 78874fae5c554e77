/**
 * Every database storefront-ml keeps open lets another tab delete or upgrade it: a plain `deleteDatabase` (what
 * another tab's "erase my data" or the browser's own site-data code sends) never gets `blocked`, and the object
 * that held the connection carries on afterwards. One test per database kind. In the `browser-origin` project (its own
 * browser profile, one file at a time): the category store and the model cache have fixed names other files use.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openHistory } from '../../../src/history/store.ts';
import { openCategoryStore } from '../../../src/vision/category-store.ts';
import { createFewShotClassifier } from '../../../src/vision/few-shot.ts';
import { MODEL_CACHE_DB } from '../../../src/core/files/model-cache.ts';
import { openVisualIndex } from '../../../src/vision/visual-index.ts';
import { holdModelCacheOpen } from './held-files.ts';

/** Deletes `name` the way another tab would; reports whether our connection blocked it. */
function deleteElsewhere(name: string): Promise<{ blocked: boolean }> {
  return new Promise((resolve, reject) => {
    let blocked = false;
    const request = indexedDB.deleteDatabase(name);
    request.onblocked = () => { blocked = true; };
    request.onsuccess = () => resolve({ blocked });
    request.onerror = () => reject(request.error);
    setTimeout(() => reject(new Error(`deleting ${name} did not finish in 3 s (blocked: ${blocked})`)), 3000);
  });
}

/** Opens `name` at `version` the way a newer build in another tab would, adding an object store. */
function upgradeElsewhere(name: string, version: number): Promise<{ blocked: boolean }> {
  return new Promise((resolve, reject) => {
    let blocked = false;
    const request = indexedDB.open(name, version);
    request.onupgradeneeded = () => request.result.createObjectStore(`added-in-v${version}`);
    request.onblocked = () => { blocked = true; };
    request.onsuccess = () => { request.result.close(); resolve({ blocked }); };
    request.onerror = () => reject(request.error);
    setTimeout(() => reject(new Error(`upgrading ${name} did not finish in 3 s (blocked: ${blocked})`)), 3000);
  });
}

const exists = async (name: string) => (await indexedDB.databases()).some((d) => d.name === name);
const event = (time: number) => ({ type: 'view' as const, time, sessionId: 's', productId: 'p', page: 'product' as const });
const cleanup: string[] = [];
afterEach(async () => {
  for (const name of cleanup.splice(0)) await deleteElsewhere(name).catch(() => undefined);
});

describe('a delete or upgrade from another tab is never blocked by our open connection', () => {
  it('history', async () => {
    const name = `versionchange-history-${crypto.randomUUID().slice(0, 8)}`;
    cleanup.push(name);
    const history = await openHistory({ name, consent: 'granted' });
    await history.record([event(Date.now() - 2000)]);
    expect(await deleteElsewhere(name)).toEqual({ blocked: false });
    expect(await history.count()).toBe(0);
    await history.record([event(Date.now() - 1000)]);
    expect(await history.count()).toBe(1);
    expect(await upgradeElsewhere(name, 3)).toEqual({ blocked: false });
    await history.record([event(Date.now() - 500)]); // opens the newer schema: it still has what history needs
    expect(await history.count()).toBe(2);
    history.close();
  });

  it('visual index', async () => {
    const index = await openVisualIndex({ name: 'versionchange', embeddingSize: 3 });
    const name = 'storefront-ml-vision-index:versionchange';
    cleanup.push(name);
    await index.put({ productId: 'a', embedding: Float32Array.of(1, 0, 0) });
    expect(await deleteElsewhere(name)).toEqual({ blocked: false });
    expect(index.size).toBe(0); // erased elsewhere: not served from memory any more
    expect(await index.search(Float32Array.of(1, 0, 0))).toEqual([]);
    await index.put({ productId: 'b', embedding: Float32Array.of(0, 1, 0) }); // recreates the database
    expect(await upgradeElsewhere(name, 2)).toEqual({ blocked: false });
    await index.put({ productId: 'c', embedding: Float32Array.of(0, 0, 1) }); // reopens at the newer version
    index.close();
    const again = await openVisualIndex({ name: 'versionchange', embeddingSize: 3 });
    expect([again.get('a'), again.get('b')?.productId, again.get('c')?.productId]).toEqual([undefined, 'b', 'c']);
    again.close();
    // The recreated database kept its info: a different embedding size is still refused.
    await expect(openVisualIndex({ name: 'versionchange', embeddingSize: 4 })).rejects.toMatchObject({ code: 'INVALID_OPTION' });
  });

  it('category store', async () => {
    const store = await openCategoryStore();
    const name = 'storefront-ml-vision-categories';
    const classifier = await createFewShotClassifier({ embeddingSize: 2 });
    await classifier.addExamples('x', [Float32Array.of(1, 0)]);
    await store.save('versionchange', classifier);
    expect(await deleteElsewhere(name)).toEqual({ blocked: false });
    expect(await store.list()).toEqual([]);
    expect(await exists(name)).toBe(false); // reading did not recreate it
    await store.save('versionchange', classifier);
    expect(await upgradeElsewhere(name, 2)).toEqual({ blocked: false });
    expect(await store.list()).toEqual(['versionchange']);
    expect(await store.delete('versionchange')).toBe(true);
    store.close();
    await deleteElsewhere(name);
  });

  it('model cache (open while a download runs)', async () => {
    const download = await holdModelCacheOpen(globalThis);
    await download.started;
    expect(await exists(MODEL_CACHE_DB)).toBe(true);
    expect(await deleteElsewhere(MODEL_CACHE_DB)).toEqual({ blocked: false });
    // The download still completes; storing it in the closed cache fails quietly (the cache is optional).
    expect(await download.release()).toEqual({ files: 1, fromCache: 0 });
  });
});

describe('an upgrade blocked by a connection that is not ours', () => {
  it('gives up after a few seconds with STORAGE_FAILED naming the cause, and the late open closes itself', async () => {
    const name = `versionchange-blocked-${crypto.randomUUID().slice(0, 8)}`;
    cleanup.push(name);
    // Foreign code (or an old build) holding version 1 open and ignoring versionchange.
    const foreign = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(name, 1);
      open.onupgradeneeded = () => { // history's version 1, so that the waiting upgrade to 2 can run later
        const events = open.result.createObjectStore('events', { keyPath: 'id' });
        events.createIndex('time', 'time');
        events.createIndex('session', ['sessionId', 'time']);
      };
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const started = performance.now();
    const error = await openHistory({ name, consent: 'granted' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'STORAGE_FAILED', message: expect.stringMatching(/another tab keeps .* open.*Close the shop's other tabs/) });
    expect(performance.now() - started).toBeGreaterThan(4000);
    foreign.close();
    // The upgrade that was waiting now runs; its connection is closed at once, so it blocks no one either.
    expect(await deleteElsewhere(name)).toEqual({ blocked: false });
  });
});
