/**
 * "Erase my data" with the shop open in two pages of one origin: a second page (a same-origin iframe: its own
 * realm, its own IndexedDB connections) holds one of everything storefront-ml stores open, and erasing in this
 * page still completes at once, removes all of it, and leaves the second page's objects working. It erases every
 * storefront-ml database of the origin, so it runs in the `browser-origin` project (its own browser profile), alone.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { isStorefrontError } from '../../../src/core/errors.ts';
import { eraseAllData, listStoredData } from '../../../src/core/storage/stored-data.ts';
import { loadAssistant } from '../../../src/assistant/index.ts';
import { loadIntentModel } from '../../../src/intent/index.ts';
import { useWasm } from '../../helpers/wasm.ts';
import type { api as SecondPageApi } from './second-page.ts';

const SECOND = {
  history: 'storefront-ml-history',
  customHistory: 'shop-history-two-pages',
  index: 'storefront-ml-vision-index:two-pages',
  model: 'indexeddb://two-pages-recommender',
};

async function secondPage(): Promise<{ frame: HTMLIFrameElement; page: typeof SecondPageApi }> {
  const frame = document.createElement('iframe');
  frame.src = new URL('./second-page.html', import.meta.url).href;
  document.body.append(frame);
  await new Promise((resolve, reject) => { frame.onload = resolve; frame.onerror = reject; });
  const win = frame.contentWindow as unknown as { secondPage?: typeof SecondPageApi };
  for (let i = 0; i < 600 && !win.secondPage; i++) await new Promise((r) => setTimeout(r, 50)); // its module loads after onload
  if (!win.secondPage) throw new Error('the second page did not start');
  return { frame, page: win.secondPage };
}

const ourNames = async () => (await indexedDB.databases()).map((d) => d.name ?? '')
  .filter((n) => n.startsWith('storefront-ml-') || n === SECOND.customHistory).sort();

afterAll(async () => {
  await eraseAllData();
});

describe('eraseAllData with the shop open in a second page', () => {
  it('lists everything, erases it promptly while the other page holds it open, and the other page carries on', async () => {
    await eraseAllData(); // a clean origin
    const { frame, page } = await secondPage();
    await page.openAll();

    const listed = await listStoredData();
    expect(listed).toEqual(expect.arrayContaining([
      { name: SECOND.history, kind: 'history' },
      { name: SECOND.customHistory, kind: 'history' }, // no prefix: found through the registry
      { name: SECOND.index, kind: 'visual-index' },
      { name: 'storefront-ml-vision-categories', kind: 'category-store' },
      { name: 'storefront-ml-vision-models', kind: 'model-cache' },
      { name: SECOND.model, kind: 'saved-model' },
      { name: 'storefront-ml-registry', kind: 'registry' },
    ]));
    expect(listed).toHaveLength(7);

    const started = performance.now();
    const report = await eraseAllData();
    const took = performance.now() - started;
    expect(took).toBeLessThan(2000); // blocked deletes would wait 5 s (BLOCKED_TIMEOUT_MS) and land in `waiting`
    expect(report.waiting).toEqual([]);
    expect(report.erased.map((e) => e.name).sort()).toEqual(listed.map((e) => e.name).sort());
    expect(await ourNames()).toEqual([]);
    expect(Object.keys(await tf.io.listModels())).not.toContain(SECOND.model);
    expect(await listStoredData()).toEqual([]);

    // The other page's objects closed for the erase: they now see empty stores and work again on next use.
    const after = await page.afterErase();
    expect(after.seen).toEqual({ history: 0, customHistory: 0, indexSize: 0, search: 0, categories: [], download: { files: 1, fromCache: 0 } });
    expect(after.works).toMatchObject({ history: 1, indexSize: 1, categories: ['again'] });
    expect(after.works.reopened).toBeGreaterThanOrEqual(1);
    page.closeAll();
    frame.remove();
  });

  it('reports a database that foreign code keeps open as waiting, and it goes once that connection closes', async () => {
    await eraseAllData();
    // Code that is not ours (or an old build) holding our database open and ignoring versionchange.
    const foreign = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('storefront-ml-vision-index:foreign', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('products');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const report = await eraseAllData({ blockedTimeoutMs: 200 });
    expect(report.waiting).toEqual([{ name: 'storefront-ml-vision-index:foreign', kind: 'visual-index' }]);
    expect((await listStoredData()).map((e) => e.name)).toContain('storefront-ml-vision-index:foreign');
    foreign.close();
    for (let i = 0; i < 100 && (await ourNames()).includes('storefront-ml-vision-index:foreign'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(await ourNames()).not.toContain('storefront-ml-vision-index:foreign'); // the queued delete went through
    const error = await eraseAllData({ blockedTimeoutMs: -1 }).catch((e: unknown) => e);
    expect(isStorefrontError(error, 'INVALID_OPTION')).toBe(true);
  });

  it('removes the intent model and assistant it saved, and leaves a tfjs model that is not ours', async () => {
    await eraseAllData();
    await useWasm();
    const intent = await loadIntentModel('/models/purchase-intent/model.json');
    await intent.save('indexeddb://erase-intent');
    intent.dispose();
    const assistant = await loadAssistant('/models/assistant/faq/model.json');
    await assistant.save('indexeddb://erase-assistant');
    assistant.dispose();
    // The shop's own model in tfjs's shared database: not ours to erase.
    const [handler] = tf.io.getSaveHandlers('indexeddb://not-ours');
    await handler?.save?.({ modelTopology: {}, weightSpecs: [], weightData: new ArrayBuffer(0) });

    const saved = (await listStoredData()).filter((e) => e.kind === 'saved-model');
    expect(saved).toEqual([{ name: 'indexeddb://erase-assistant', kind: 'saved-model' }, { name: 'indexeddb://erase-intent', kind: 'saved-model' }]);
    const report = await eraseAllData();
    expect(report.erased).toEqual(expect.arrayContaining(saved));
    const left = Object.keys(await tf.io.listModels());
    expect(left).toContain('indexeddb://not-ours');
    expect(left.filter((url) => url.startsWith('indexeddb://erase-'))).toEqual([]);
    await tf.io.removeModel('indexeddb://not-ours');
  });
});
