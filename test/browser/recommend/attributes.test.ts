import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { isStorefrontError } from '../../../src/core/errors.ts';
import type { ShopperEvent } from '../../../src/history/types.ts';
import { loadRecommender, trainRecommender, type ProductInfo, type Recommender } from '../../../src/recommend/index.ts';
import { expectNoLeak } from '../../helpers/leak.ts';
import { memoryFetch } from '../../helpers/model-files.ts';
import { useWasm } from '../../helpers/wasm.ts';

// Two tastes, "a" and "b" products, and six rare ones (three of brand a, three of brand b), each seen by one shopper
// only, after the same product "z": their sequences cannot tell them apart, their brands can.
const RARE = ['ra0', 'ra1', 'ra2', 'rb0', 'rb1', 'rb2'];

function sequences(count: number): string[][] {
  const out: string[][] = [];
  for (let u = 0; u < count; u++) {
    const family = u % 2 === 0 ? 'a' : 'b';
    out.push(Array.from({ length: 6 }, (_, k) => `${family}${(u % 7 + k) % 10}`));
  }
  for (const r of RARE) out.push(['z', r]);
  return out;
}

const catalog: ProductInfo[] = [
  ...Array.from({ length: 10 }, (_, i) => [
    { productId: `a${i}`, category: 'hair', attributes: ['brand:a', `shade:${i % 3}`] },
    { productId: `b${i}`, category: 'skin', attributes: ['brand:b', `shade:${i % 3}`] },
  ]).flat(),
  ...RARE.map((productId) => ({ productId, attributes: [`brand:${productId[1]}`] })),
  { productId: 'not-sold-yet', category: 'hair', attributes: ['brand:a'] },
];

const options = { dim: 8, window: 5, epochs: 8, batchSize: 64, negatives: 8, learningRate: 0.02, seed: 7 };
const view = (productId: string, time: number): ShopperEvent => ({ type: 'view', productId, time, sessionId: 's1' });
const errorOf = async (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);

describe('Recommender: learning the catalogue\'s attributes (WASM)', () => {
  beforeAll(useWasm);

  it('places products few shoppers saw beside the products sharing their attributes', async () => {
    const plain = await trainRecommender(sequences(200), options);
    const learned = await trainRecommender(sequences(200), { ...options, catalog });
    // Per rare product, how many of its 5 most similar products are of its own brand's family.
    const ownFamily = (r: Recommender) => Promise.all(RARE.map(async (id) => (await r.similar(id, { topK: 5, exclude: [...RARE, 'z'] })).filter((x) => x.productId[0] === id[1]).length));
    const sum = (counts: number[]) => counts.reduce((a, b) => a + b, 0);
    const withBrands = await ownFamily(learned);
    expect(Math.min(...withBrands)).toBeGreaterThanOrEqual(4);
    expect(sum(withBrands)).toBeGreaterThanOrEqual(28);
    // Without the catalogue the same context puts them all in the same place: about half among the wrong family.
    expect(sum(await ownFamily(plain))).toBeLessThanOrEqual(20);
    plain.dispose();
    learned.dispose();
  });

  it('keeps the catalogue for filters, records the attributes learned, and saves them beside the arrays of a model without', async () => {
    await expectNoLeak(async () => (await trainRecommender(sequences(100), { ...options, epochs: 2, catalog })).dispose(), 'training with a catalogue');
    const rec = await trainRecommender(sequences(100), { ...options, epochs: 2, catalog });
    const hair = await rec.recommend([view('a1', 1)], { category: 'hair', topK: 30 });
    expect(hair.length).toBeGreaterThan(0);
    expect(hair.every((r) => r.productId.startsWith('a'))).toBe(true);
    // 5 attributes (brand:a, brand:b, shade:0–2) and 2 categories.
    expect(rec.metadata.info.learnedAttributes).toBe(7);
    const files = await rec.toFiles();
    const plain = await trainRecommender(sequences(100), { ...options, epochs: 2 });
    const names = async (r: Recommender) => JSON.parse((await r.toFiles())['metadata.json']).weightSpecs.map((s: { name: string }) => s.name);
    expect(await names(rec)).toEqual([...await names(plain), 'attribute_vectors']);
    // One name per row of attribute_vectors: attributes as "a:…", categories as "c:…".
    expect([...JSON.parse(files['metadata.json']).attributeNames].sort()).toEqual(['a:brand:a', 'a:brand:b', 'a:shade:0', 'a:shade:1', 'a:shade:2', 'c:hair', 'c:skin']);
    plain.dispose();
    // The attribute vectors are folded into the products' own: recommend() reads no attribute table.
    const loaded = await loadRecommender('/attr/', { fetch: memoryFetch(files, '/attr/').fetch });
    const history = [view('a1', 1), view('a2', 2), view('b4', 3)];
    const [a, b] = await Promise.all([rec.recommend(history, { topK: 8 }), loaded.recommend(history, { topK: 8 })]);
    expect(b.map((r) => r.productId)).toEqual(a.map((r) => r.productId));
    b.forEach((r, i) => expect(r.score).toBeCloseTo(a[i]!.score, 5));
    loaded.dispose();
    rec.dispose();
  });

  it('places new products by the attribute vectors it learned (a category alone will do), the same after save and load', async () => {
    const rec = await trainRecommender(sequences(200), { ...options, catalog });
    const arrivals: ProductInfo[] = [
      { productId: 'new-a', attributes: ['brand:a'] },
      { productId: 'new-skin', category: 'skin' },
      { productId: 'new-unknown', category: 'toys', attributes: ['brand:c'] },
    ];
    // A category alone places a product (without learned vectors it would not); nothing known of it, nothing placed.
    expect(await expectNoLeak(async () => rec.addProducts(arrivals), 'addProducts()')).toEqual(['new-a', 'new-skin']);
    const family = async (r: Recommender, id: string) => (await r.similar(id, { topK: 5, exclude: [...RARE, 'z'] })).map((x) => x.productId[0]);
    expect((await family(rec, 'new-a')).filter((f) => f === 'a').length).toBeGreaterThanOrEqual(4);
    expect((await family(rec, 'new-skin')).filter((f) => f === 'b').length).toBeGreaterThanOrEqual(4);
    const files = await rec.toFiles();
    const loaded = await loadRecommender('/attr-new/', { fetch: memoryFetch(files, '/attr-new/').fetch });
    expect(loaded.embedding('new-skin')).toEqual(rec.embedding('new-skin'));
    // A model loaded from files places the next arrivals as the trained one does.
    const fresh = await trainRecommender(sequences(200), { ...options, catalog });
    const reloaded = await loadRecommender('/attr-fresh/', { fetch: memoryFetch(await fresh.toFiles(), '/attr-fresh/').fetch });
    expect(reloaded.addProducts(arrivals)).toEqual(fresh.addProducts(arrivals));
    expect(reloaded.embedding('new-a')).toEqual(fresh.embedding('new-a'));
    // And through IndexedDB: the learned vectors are saved there too.
    const untouched = await trainRecommender(sequences(200), { ...options, catalog });
    await untouched.save('indexeddb://attributes-cold-start');
    const stored = await loadRecommender('indexeddb://attributes-cold-start');
    await tf.io.removeModel('indexeddb://attributes-cold-start');
    expect(stored.addProducts(arrivals)).toEqual(['new-a', 'new-skin']);
    expect(stored.embedding('new-skin')).toEqual(rec.embedding('new-skin'));
    for (const r of [rec, loaded, fresh, reloaded, untouched, stored]) r.dispose();
  });

  it('refuses a malformed catalogue before training, naming the entry', async () => {
    const error = await expectNoLeak(() => errorOf(trainRecommender(sequences(10), { ...options, catalog: [{ productId: 'a1', attributes: ['ok', 3] }] as never })));
    expect(isStorefrontError(error, 'INVALID_INPUT')).toBe(true);
    expect((error as Error).message).toMatch(/catalog.*products\[0\]\.attributes\[1\]/);
  });
});
