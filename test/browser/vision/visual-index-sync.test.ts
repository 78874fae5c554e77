/**
 * Two instances of one visual index, in one page or in two pages of the origin, stay consistent: what one puts
 * the other finds, what one removes or clears the other no longer returns (search sees every write that finished
 * before it started; get() and size follow a moment later, when the change message arrives). The category store
 * reads IndexedDB on every call and is checked the same way.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initRuntime } from '../../../src/runtime/index.ts';
import { createFewShotClassifier } from '../../../src/vision/few-shot.ts';
import { openCategoryStore, openVisualIndex, type VisualIndex } from '../../../src/vision/index.ts';
import type { api as IndexPageApi } from './index-page.ts';

const v = (...xs: number[]) => Float32Array.from(xs);
const ids = async (index: VisualIndex, query = v(1, 1, 1)) => (await index.search(query, { topK: 100 })).map((h) => h.productId).sort();
const names: string[] = [];
const fresh = () => {
  const name = `sync-${crypto.randomUUID().slice(0, 8)}`;
  names.push(name);
  return name;
};
const opened: VisualIndex[] = [];
async function open(name: string): Promise<VisualIndex> {
  const index = await openVisualIndex({ name, embeddingSize: 3 });
  opened.push(index);
  return index;
}

/** Waits (up to 2 s) for `check` to hold: for what follows a change message, which comes a task or more later. */
async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`not within 2 s: ${what}`);
}

beforeAll(() => initRuntime({ backend: 'cpu' }));
afterEach(async () => {
  for (const index of opened.splice(0)) index.close();
  for (const name of names.splice(0)) await new Promise((r) => { indexedDB.deleteDatabase(`storefront-ml-vision-index:${name}`).onsuccess = r; });
});

describe('two instances of one visual index in one page', () => {
  it('a product put in one is found by the other at once, and is in its get() and size soon after', async () => {
    const name = fresh();
    const [a, b] = [await open(name), await open(name)];
    await a.put({ productId: 'shoe', embedding: v(1, 0, 0), metadata: { colour: 'red' } });
    expect(await ids(b)).toEqual(['shoe']);
    await eventually(() => b.get('shoe')?.metadata.colour === 'red', 'b.get(shoe)');
    expect(b.size).toBe(1);
    await a.putMany([{ productId: 'boot', embedding: v(0, 1, 0) }, { productId: 'sock', embedding: v(0, 0, 1) }]);
    expect(await ids(b)).toEqual(['boot', 'shoe', 'sock']);
    // A metadata-only update in b of a product a put right before.
    await a.put({ productId: 'hat', embedding: v(1, 1, 0) });
    await b.put({ productId: 'hat', metadata: { colour: 'blue' } });
    expect((await a.search(v(1, 1, 0), { topK: 1 }))[0]).toMatchObject({ productId: 'hat', metadata: { colour: 'blue' } });
  });

  it('a product removed in one is no longer returned by the other; remove() in the other sees what the first put', async () => {
    const name = fresh();
    const [a, b] = [await open(name), await open(name)];
    await a.putMany([{ productId: 'shoe', embedding: v(1, 0, 0) }, { productId: 'boot', embedding: v(0, 1, 0) }]);
    expect(await ids(b)).toEqual(['boot', 'shoe']);
    expect(await a.remove('shoe')).toBe(true);
    expect(await ids(b)).toEqual(['boot']);
    await eventually(() => b.get('shoe') === undefined && b.size === 1, 'b forgets shoe');
    await a.put({ productId: 'sock', embedding: v(0, 0, 1) });
    expect(await b.remove('sock')).toBe(true); // put in a just before: b removes it from the database, not just memory
    expect(await ids(a)).toEqual(['boot']);
    expect(await b.remove('sock')).toBe(false);
  });

  it('clear() in one empties the other; a later put in the other is kept', async () => {
    const name = fresh();
    const [a, b] = [await open(name), await open(name)];
    await a.putMany([{ productId: 'shoe', embedding: v(1, 0, 0) }, { productId: 'boot', embedding: v(0, 1, 0) }]);
    await a.clear();
    expect(await ids(b)).toEqual([]);
    await b.put({ productId: 'sock', embedding: v(0, 0, 1) });
    expect(await ids(a)).toEqual(['sock']);
    await eventually(() => a.size === 1 && b.size === 1, 'both hold sock only');
    const reopened = await open(name);
    expect(await ids(reopened)).toEqual(['sock']);
  });
});

describe('a write whose change message never comes', () => {
  /** Writes a product straight into the database, counting the change, as a tab closed right after its commit would. */
  async function writeWithoutMessage(name: string, productId: string, embedding: Float32Array | null): Promise<void> {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(`storefront-ml-vision-index:${name}`);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const tx = db.transaction(['products', 'info'], 'readwrite');
    if (embedding) tx.objectStore('products').put({ productId, embedding, metadata: { raw: true } });
    else tx.objectStore('products').delete(productId);
    const seq = tx.objectStore('info').get('seq');
    seq.onsuccess = () => tx.objectStore('info').put((seq.result ?? 0) + 1, 'seq');
    await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onabort = () => reject(tx.error); });
    db.close();
  }

  it('is still seen by the next search (the change counter tells), and by get() after it', async () => {
    const name = fresh();
    const index = await open(name);
    await index.put({ productId: 'shoe', embedding: v(1, 0, 0) });
    await writeWithoutMessage(name, 'boot', v(0, 1, 0));
    expect(index.get('boot')).toBeUndefined();
    expect(await ids(index)).toEqual(['boot', 'shoe']);
    expect(index.get('boot')?.metadata).toEqual({ raw: true });
    await writeWithoutMessage(name, 'shoe', null);
    expect(await ids(index)).toEqual(['boot']);
    expect(index.size).toBe(1);
  });
});

describe('a visual index open in two pages', () => {
  async function otherPage(): Promise<{ frame: HTMLIFrameElement; page: typeof IndexPageApi }> {
    const frame = document.createElement('iframe');
    frame.src = new URL('./index-page.html', import.meta.url).href;
    document.body.append(frame);
    await new Promise((resolve) => { frame.onload = resolve; });
    const win = frame.contentWindow as unknown as { indexPage?: typeof IndexPageApi };
    for (let i = 0; i < 600 && !win.indexPage; i++) await new Promise((r) => setTimeout(r, 50));
    if (!win.indexPage) throw new Error('the other page did not start');
    return { frame, page: win.indexPage };
  }

  it('puts and removes in either page are seen by the other', async () => {
    const name = fresh();
    const { frame, page } = await otherPage();
    try {
      const here = await open(name);
      expect(await page.open(name)).toBe(0);
      await page.put('shoe', [1, 0, 0], { colour: 'red' });
      expect((await here.search(v(1, 0, 0)))[0]).toMatchObject({ productId: 'shoe', metadata: { colour: 'red' } });
      await here.put({ productId: 'boot', embedding: v(0, 1, 0) });
      expect((await page.search([1, 1, 1])).map((h) => h.productId).sort()).toEqual(['boot', 'shoe']);
      expect(await here.remove('shoe')).toBe(true);
      expect((await page.search([1, 1, 1])).map((h) => h.productId)).toEqual(['boot']);
      expect(await page.remove('boot')).toBe(true);
      expect(await ids(here)).toEqual([]);
      await eventually(() => here.size === 0 && page.size() === 0, 'both empty');
      page.close();
    } finally {
      frame.remove();
    }
  });
});

describe('two instances of the category store', () => {
  it('see each other\'s saves and deletes', async () => {
    const [a, b] = [await openCategoryStore(), await openCategoryStore()];
    const classifier = await createFewShotClassifier({ embeddingSize: 2 });
    await classifier.addExamples('x', [v(1, 0)]);
    const name = `sync-${crypto.randomUUID().slice(0, 8)}`;
    await a.save(name, classifier);
    expect(await b.list()).toContain(name);
    expect((await b.load(name)).labels).toEqual(['x']);
    expect(await b.delete(name)).toBe(true);
    await expect(a.load(name)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await a.delete(name)).toBe(false);
    a.close();
    b.close();
    classifier.dispose();
  });
});
