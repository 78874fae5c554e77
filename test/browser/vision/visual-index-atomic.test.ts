/**
 * Every multi-row write of the visual index is all or nothing, in memory and in IndexedDB (checked by reopening),
 * across putMany's batches: bad input found up front or only while embedding, an abort, the model disposed
 * half-way, and a failing IndexedDB request. Input problems are INVALID_INPUT naming the product and the field;
 * storage problems STORAGE_FAILED saying what is stored. The category store's writes are checked too.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initRuntime } from '../../../src/runtime/index.ts';
import { createFewShotClassifier } from '../../../src/vision/few-shot.ts';
import { openCategoryStore, openVisualIndex, type CatalogProduct, type ImageModel, type VisualIndex } from '../../../src/vision/index.ts';
import { loadTinyModel, solid } from './tiny-model.ts';

const v = (...xs: number[]) => Float32Array.from(xs, (x) => x);
const names: string[] = [];
const opened: VisualIndex[] = [];
async function open(name: string, model?: ImageModel): Promise<VisualIndex> {
  if (!names.includes(name)) names.push(name);
  const index = await openVisualIndex(model ? { name, model } : { name, embeddingSize: 4 });
  opened.push(index);
  return index;
}
const fresh = () => `atomic-${crypto.randomUUID().slice(0, 8)}`;

/** What the index holds, in memory and (reopened) in IndexedDB. */
async function held(index: VisualIndex, model?: ImageModel): Promise<{ memory: unknown[]; stored: unknown[] }> {
  const reopened = await open(index.name, model);
  const view = (i: VisualIndex) => ['keep', 'a', 'b', 'c', 'd', 'e'].flatMap((id) => { const p = i.get(id); return p ? [[id, p.metadata]] : []; });
  return { memory: view(index), stored: view(reopened) };
}

/** A catalogue of five products (1–5), the last of them as `last`, after `keep` was put earlier with { v: 1 }. */
const catalogue = (last: Partial<CatalogProduct>): CatalogProduct[] => [
  { productId: 'keep', embedding: v(1, 1, 1, 1), metadata: { v: 2 } },
  { productId: 'a', embedding: v(1, 0, 0, 0) },
  { productId: 'b', embedding: v(0, 1, 0, 0) },
  { productId: 'c', embedding: v(0, 0, 1, 0) },
  { productId: 'd', ...last } as CatalogProduct,
];
const before = { memory: [['keep', { v: 1 }]], stored: [['keep', { v: 1 }]] };

let model: ImageModel;
beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
  model = await loadTinyModel();
});
afterEach(async () => {
  for (const index of opened.splice(0)) index.close();
  for (const name of names.splice(0)) await new Promise((r) => { indexedDB.deleteDatabase(`storefront-ml-vision-index:${name}`).onsuccess = r; });
});

describe('putMany is all or nothing across its batches', () => {
  async function failing(last: Partial<CatalogProduct>, code: string, options: { batchSize?: number; signal?: AbortSignal; onProgress?: () => void } = {}) {
    const index = await open(fresh(), model);
    await index.put({ productId: 'keep', embedding: v(1, 1, 1, 1), metadata: { v: 1 } });
    const error = await index.putMany(catalogue(last), { batchSize: 2, ...options }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code });
    expect(await held(index, model)).toEqual(before);
    return error as { message: string; details: Record<string, unknown> };
  }

  it('metadata IndexedDB cannot store is INVALID_INPUT naming the product and field, and nothing is written', async () => {
    const error = await failing({ embedding: v(0, 0, 0, 1), metadata: { onSale: () => true } }, 'INVALID_INPUT');
    expect(error.message).toMatch(/metadata of d \(product 4\) cannot be stored.*Nothing was written/);
    expect(error.details).toMatchObject({ index: 4, field: 'metadata' });
  });

  it('a value that is not an image, in the last batch, is INVALID_INPUT before anything is embedded or written', async () => {
    const error = await failing({ image: 'photo.jpg' as never }, 'INVALID_INPUT');
    expect(error.message).toMatch(/image of d \(product 4\) is "photo.jpg"/);
  });

  it('an image that fails to decode in the last batch leaves the earlier batches unwritten', async () => {
    await failing({ image: new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: 'image/jpeg' }) }, 'INVALID_INPUT');
  });

  it('an abort after the first batch writes nothing', async () => {
    const controller = new AbortController();
    await failing({ image: solid([0, 0, 255]) }, 'ABORTED', { signal: controller.signal, onProgress: () => controller.abort() });
  });

  it('the model disposed while a later batch is embedded writes nothing', async () => {
    const own = await loadTinyModel();
    const index = await open(fresh(), own);
    await index.put({ productId: 'keep', embedding: v(1, 1, 1, 1), metadata: { v: 1 } });
    const error = await index.putMany(catalogue({ image: solid([0, 255, 0]) }), { batchSize: 2, onProgress: (done) => { if (done === 2) own.dispose(); } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DISPOSED' });
    expect(await held(index)).toEqual(before);
  });

  it('an IndexedDB failure on the fourth row is STORAGE_FAILED saying none was written, and none was', async () => {
    const put = IDBObjectStore.prototype.put;
    let rows = 0;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'products' && ++rows === 4) throw new DOMException('The disk broke.', 'UnknownError');
      return put.apply(this, args);
    };
    try {
      const index = await open(fresh());
      await index.put({ productId: 'keep', embedding: v(1, 1, 1, 1), metadata: { v: 1 } });
      rows = 0;
      const error = await index.putMany(catalogue({ embedding: v(0, 0, 0, 1) }), { batchSize: 2 }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'STORAGE_FAILED', message: expect.stringMatching(/None of the 5 products was written \(one transaction\)/) });
      IDBObjectStore.prototype.put = put;
      expect(await held(index)).toEqual(before);
    } finally {
      IDBObjectStore.prototype.put = put;
    }
  });

  it('a successful putMany over several batches writes every product, once', async () => {
    const index = await open(fresh(), model);
    const progress: number[] = [];
    expect(await index.putMany([...catalogue({ image: solid([255, 0, 0]) }), { productId: 'a', metadata: { v: 3 } }], { batchSize: 2, onProgress: (done) => progress.push(done) })).toBe(6);
    expect(progress).toEqual([2, 4, 6]);
    expect((await held(index, model)).stored).toEqual([['keep', { v: 2 }], ['a', { v: 3 }], ['b', {}], ['c', {}], ['d', {}]]);
  });
});

describe('remove() and clear() change nothing when IndexedDB fails', () => {
  for (const method of ['delete', 'clear'] as const) {
    it(`${method === 'delete' ? 'remove' : 'clear'}()`, async () => {
      const index = await open(fresh());
      await index.putMany([{ productId: 'keep', embedding: v(1, 1, 1, 1), metadata: { v: 1 } }]);
      const proto = IDBObjectStore.prototype as unknown as Record<string, unknown>;
      const original = proto[method];
      proto[method] = () => { throw new DOMException('The disk broke.', 'UnknownError'); };
      let error: unknown;
      try {
        error = await (method === 'delete' ? index.remove('keep') : index.clear()).catch((e: unknown) => e);
      } finally {
        proto[method] = original;
      }
      expect(error).toMatchObject({ code: 'STORAGE_FAILED', message: expect.stringMatching(/Nothing was removed/) });
      expect(await held(index)).toEqual(before);
    });
  }
});

describe('the category store', () => {
  it('save() of something that is not a classifier is INVALID_INPUT and saves nothing', async () => {
    const store = await openCategoryStore();
    const name = fresh();
    for (const bad of [undefined, null, {}, { toJSON: () => ({ not: 'a few-shot file' }) }]) {
      await expect(store.save(name, bad as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
    const disposed = await createFewShotClassifier({ embeddingSize: 2 });
    disposed.dispose();
    await expect(store.save(name, disposed)).rejects.toMatchObject({ code: 'DISPOSED' });
    expect(await store.list()).not.toContain(name);
    store.close();
  });
});
