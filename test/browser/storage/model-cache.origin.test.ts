/**
 * Issue 16: the cache of verified model files (`cache: 'indexeddb'`) is storage the library made, so the shop's
 * "erase my data" lists and erases it. It holds only the shop's public model files, nothing of the shopper, so a
 * history's erase() leaves it. eraseAllData() clears the origin: `browser-origin` project, its own profile.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { eraseAllData, listStoredData, openHistory } from '../../../src/index.ts';
import { loadIntentModel } from '../../../src/intent/index.ts';
import { useWasm } from '../../helpers/wasm.ts';

const CACHE = 'storefront-ml-vision-models';
const databases = async () => (await indexedDB.databases()).map((d) => d.name ?? '');

afterAll(async () => {
  await eraseAllData();
});

describe('the model cache and the rights calls', () => {
  it('is listed and erased by eraseAllData, left by a history erase, and refilled on the next cached load', async () => {
    await useWasm();
    await eraseAllData();
    (await loadIntentModel('/models/purchase-intent/model.json', { cache: 'indexeddb' })).dispose();
    expect(await listStoredData()).toContainEqual({ name: CACHE, kind: 'model-cache' });

    const history = await openHistory({ name: 'cache-history', consent: 'granted' });
    await history.erase();
    history.close();
    expect(await databases()).toContain(CACHE);

    const report = await eraseAllData();
    expect(report.erased).toContainEqual({ name: CACHE, kind: 'model-cache' });
    expect(await databases()).not.toContain(CACHE);
    expect(await listStoredData()).toEqual([]);

    (await loadIntentModel('/models/purchase-intent/model.json', { cache: 'indexeddb' })).dispose();
    expect(await listStoredData()).toContainEqual({ name: CACHE, kind: 'model-cache' });
  });
});
