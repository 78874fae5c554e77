import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageModel } from '../../../src/vision/image-model.ts';
import { loadImageModel } from '../../../src/vision/load-image-model.ts';
import { openVisualIndex } from '../../../src/vision/visual-index.ts';
import { l2Normalize } from '../../../src/vision/vectors.ts';
import { isStorefrontError } from '../../../src/core/errors.ts';
import { code } from '../../helpers/errors.ts';
import { expectNoLeak, expectNoLeakOver } from '../../helpers/leak.ts';
import { useWasm } from '../../helpers/wasm.ts';
import { MODELS, PHOTOS, photo } from './models.ts';

const drop = (name: string) => new Promise((r) => {
  const request = indexedDB.deleteDatabase(`storefront-ml-vision-index:${name}`);
  request.onsuccess = request.onerror = request.onblocked = r;
});

describe('openVisualIndex', () => {
  let model: ImageModel;
  beforeAll(async () => {
    await useWasm();
    model = await loadImageModel(MODELS.v1_025.url, { metadata: MODELS.v1_025.metadata });
  });
  afterAll(() => model.dispose());

  it('puts, updates, removes and searches embeddings with topK and filter, persisted across opens', async () => {
    await drop('vectors');
    const index = await openVisualIndex({ name: 'vectors', embeddingSize: 3 });
    await index.put({ productId: 'red-shoe', embedding: Float32Array.of(1, 0, 0), metadata: { colour: 'red' } });
    await index.put({ productId: 'blue-shoe', embedding: Float32Array.of(0.9, 0.1, 0), metadata: { colour: 'blue' } });
    await index.put({ productId: 'bag', embedding: Float32Array.of(0, 0, 2), metadata: { colour: 'red' } });
    const hits = await index.search(Float32Array.of(1, 0, 0), { topK: 2 });
    expect(hits.map((h) => h.productId)).toEqual(['red-shoe', 'blue-shoe']);
    expect(hits[0]?.score).toBeCloseTo(1, 6);
    const blue = await index.search(Float32Array.of(1, 0, 0), { filter: (m) => m.colour === 'blue' });
    expect(blue.map((h) => h.productId)).toEqual(['blue-shoe']);
    await index.put({ productId: 'bag', metadata: { colour: 'green' } }); // metadata only, embedding kept
    expect(index.get('bag')?.metadata).toEqual({ colour: 'green' });
    expect(Array.from(index.get('bag')?.embedding ?? [])).toEqual([0, 0, 1]);
    // Bad input throws and loses nothing.
    expect(await code(index.put({ productId: 'x', embedding: Float32Array.of(1, 2) }))).toBe('INVALID_INPUT');
    expect(await code(index.putMany([{ productId: 'y', embedding: Float32Array.of(0, 1, 0) }, { productId: '', embedding: Float32Array.of(1, 1, 1) }]))).toBe('INVALID_INPUT');
    expect(await code(index.put({ productId: 'z', image: new Blob(['no']) }))).toBe('INVALID_INPUT');
    expect(index.size).toBe(3);
    expect(await index.remove('red-shoe')).toBe(true);
    expect(await index.remove('red-shoe')).toBe(false);
    index.close();
    index.close();
    expect(await code(index.search(Float32Array.of(1, 0, 0)))).toBe('DISPOSED');

    const again = await openVisualIndex({ name: 'vectors', embeddingSize: 3 });
    expect(again.size).toBe(2);
    expect((await again.search(Float32Array.of(0, 0, 1), { topK: 1 }))[0]).toMatchObject({ productId: 'bag', metadata: { colour: 'green' } });
    again.close();
    expect(await code(openVisualIndex({ name: 'vectors', embeddingSize: 4 }))).toBe('INVALID_OPTION');
  });

  it('putMany is all or nothing: metadata IndexedDB cannot store is INVALID_INPUT and leaves nothing behind', async () => {
    await drop('atomic');
    const index = await openVisualIndex({ name: 'atomic', embeddingSize: 3 });
    await index.put({ productId: 'kept', embedding: Float32Array.of(0, 0, 1), metadata: { n: 0 } });
    const products = [
      { productId: 'a', embedding: Float32Array.of(1, 0, 0), metadata: { n: 1 } },
      { productId: 'b', embedding: Float32Array.of(0, 1, 0), metadata: { n: 2 } },
      { productId: 'c', embedding: Float32Array.of(1, 1, 0), metadata: { onClick: () => 'not cloneable' } },
      { productId: 'd', embedding: Float32Array.of(0, 1, 1), metadata: { n: 4 } },
    ];
    // In one batch and spread over batches (the bad product in the second): either way nothing is written.
    for (const batchSize of [16, 2]) {
      const error = await index.putMany(products, { batchSize }).then(() => undefined, (e: unknown) => e);
      expect(isStorefrontError(error, 'INVALID_INPUT'), String(error)).toBe(true);
      expect((error as Error).message).toMatch(/metadata of c \(product 2\) cannot be stored.*Nothing was written/);
      expect(index.size).toBe(1);
    }
    index.close();
    const again = await openVisualIndex({ name: 'atomic', embeddingSize: 3 });
    expect(again.size).toBe(1); // the old code wrote a and b, then reported STORAGE_FAILED "Nothing was changed"
    expect(again.get('a')).toBeUndefined();
    // What was stored is a copy: changing the caller's object later does not change the index.
    const metadata = { colour: 'red' };
    await again.putMany([{ productId: 'e', embedding: Float32Array.of(1, 0, 1), metadata }, { productId: 'e', metadata: { colour: 'blue' } }]);
    metadata.colour = 'green';
    expect(again.get('e')?.metadata).toEqual({ colour: 'blue' });
    again.close();
  });

  it('bulk-indexes product photos with progress, finds a product from its photo, and aborts between batches', async () => {
    await drop('photos');
    const index = await openVisualIndex({ name: 'photos', model });
    const files = (await (await fetch(`${PHOTOS}/?list`)).json() as string[]).filter((f) => f.endsWith('.jpg'));
    const chosen = ['backpacks', 'jeans', 'watches', 'sunglasses'].flatMap((c) => files.filter((f) => f.startsWith(c + '/')).slice(0, 3));
    const products = await Promise.all(chosen.map(async (f) => ({ productId: f, image: await photo(f), metadata: { category: f.split('/')[0] } })));
    const progress: number[] = [];
    expect(await expectNoLeak(() => index.putMany(products, { batchSize: 5, onProgress: (done) => progress.push(done) }))).toBe(12);
    expect(progress).toEqual([5, 10, 12]);
    const query = products[4]?.image as Blob;
    await index.search(query);
    const hits = await expectNoLeak(() => index.search(query, { topK: 3 }));
    expect(hits[0]?.productId).toBe(chosen[4]);
    expect(hits.every((h) => h.metadata.category === 'jeans')).toBe(true);
    await expectNoLeakOver(5, () => index.search(query, { topK: 3, filter: (m) => m.category !== 'jeans' }), 'search');

    const controller = new AbortController();
    await index.clear();
    const aborted = await code(index.putMany(products, { batchSize: 4, signal: controller.signal, onProgress: () => controller.abort() }));
    expect(aborted).toBe('ABORTED');
    expect(index.size).toBe(0); // all or nothing (issue 16): the batch embedded before the abort is not written either
    const reopened = await openVisualIndex({ name: index.name, model });
    expect(reopened.size).toBe(0);
    reopened.close();
    index.close();
  });

  it('scores large indexes with the tfjs matrix product, same as the plain loop', async () => {
    await drop('large');
    const dim = 1024;
    const index = await openVisualIndex({ name: 'large', embeddingSize: dim });
    let s = 5;
    const random = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296) - 0.5;
    const products = Array.from({ length: 2500 }, (_, i) => ({ productId: `p${i}`, embedding: Float32Array.from({ length: dim }, random) }));
    await index.putMany(products, { batchSize: 500 });
    const q = products[1234]?.embedding as Float32Array;
    await index.search(q);
    const hits = await expectNoLeak(() => index.search(q, { topK: 5 }));
    expect(hits[0]?.productId).toBe('p1234');
    expect(hits[0]?.score).toBeCloseTo(1, 4);
    const unit = l2Normalize(q);
    const expected = products.map((p) => {
      const v = l2Normalize(p.embedding);
      return { id: p.productId, score: v.reduce((acc, x, i) => acc + x * (unit[i] as number), 0) };
    }).sort((a, b) => b.score - a.score).slice(0, 5);
    expect(hits.map((h) => h.productId)).toEqual(expected.map((e) => e.id));
    index.close();
  });

  it('approximate search (int8 candidates + exact re-rank) agrees with exact: recall, filter, updates, reopen, no leak', async () => {
    await drop('approx');
    const dim = 256;
    let index = await openVisualIndex({ name: 'approx', embeddingSize: dim });
    let s = 11;
    const random = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296) - 0.5;
    const products = Array.from({ length: 3000 }, (_, i) => ({
      productId: `p${i}`, embedding: Float32Array.from({ length: dim }, random), metadata: { even: i % 2 === 0 },
    }));
    await index.putMany(products, { batchSize: 1000 });
    const queries = Array.from({ length: 20 }, () => Float32Array.from({ length: dim }, random));
    const recall = async () => {
      let found = 0;
      for (const q of queries) {
        const exact = (await index.search(q, { exact: true })).map((h) => h.productId);
        const approx = await index.search(q, { exact: false, candidates: 100 });
        found += approx.filter((h) => exact.includes(h.productId)).length;
      }
      return found / (queries.length * 10);
    };
    expect(await recall()).toBeGreaterThanOrEqual(0.98);

    const q = queries[0] as Float32Array;
    const even = (m: Record<string, unknown>) => m.even === true;
    const filtered = await index.search(q, { exact: false, filter: even });
    expect(filtered.every((h) => h.metadata.even === true)).toBe(true);
    expect(filtered.map((h) => h.productId)).toEqual((await index.search(q, { exact: true, filter: even })).map((h) => h.productId));

    await index.put({ productId: 'p17', embedding: q }); // updated after the int8 copy was built
    await index.remove('p0'); // moves the last row
    const top = await index.search(q, { exact: false, topK: 3 });
    expect(top[0]).toMatchObject({ productId: 'p17', metadata: { even: false } });
    expect(top[0]?.score).toBeCloseTo(1, 5);
    expect((await index.search(products[2999]?.embedding as Float32Array, { exact: false, topK: 1 }))[0]?.productId).toBe('p2999');
    expect(await code(index.search(q, { candidates: 0 }))).toBe('INVALID_OPTION');
    expect(await code(index.search(q, { exact: 'yes' as unknown as boolean }))).toBe('INVALID_OPTION');
    await expectNoLeakOver(5, () => index.search(q, { exact: false }), 'approximate search');
    index.close();

    // Reopened: the int8 copy is not stored, it is rebuilt from the stored vectors on the first approximate search.
    index = await openVisualIndex({ name: 'approx', embeddingSize: dim });
    expect(index.size).toBe(2999);
    expect((await index.search(q, { exact: false, topK: 1 }))[0]?.productId).toBe('p17');
    expect(await recall()).toBeGreaterThanOrEqual(0.98);
    index.close();
  });
});
