import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStorefrontError } from '../../../src/core/errors.ts';
import type { ShopperEvent } from '../../../src/history/types.ts';
import { loadRecommender, trainRecommender, type Recommender } from '../../../src/recommend/index.ts';
import { manifestOf } from '../../../src/core/files/index.ts';
import { expectNoLeak, expectNoLeakOver } from '../../helpers/leak.ts';
import { memoryFetch } from '../../helpers/model-files.ts';
import { useWasm } from '../../helpers/wasm.ts';
import { writeSfemByHand } from '../../node/recommend/sfem-by-hand.ts';

// Two tastes: shoppers walk a chain within "a" products or within "b" products.
function sequences(count: number): string[][] {
  const out: string[][] = [];
  for (let u = 0; u < count; u++) {
    const family = u % 2 === 0 ? 'a' : 'b';
    const start = u % 7;
    out.push(Array.from({ length: 6 }, (_, k) => `${family}${(start + k) % 10}`));
  }
  return out;
}

const view = (productId: string, time: number, type: ShopperEvent['type'] = 'view'): ShopperEvent => ({ type, productId, time, sessionId: 's1' });

async function errorOf(p: Promise<unknown> | (() => unknown)): Promise<unknown> {
  try { await (typeof p === 'function' ? p() : p); } catch (e) { return e; }
  return undefined;
}

describe('Recommender (WASM)', () => {
  let rec: Recommender;
  const progress: number[] = [];

  beforeAll(async () => {
    await useWasm();
    rec = await trainRecommender(sequences(200), { dim: 8, window: 5, modelWeight: 0.5, epochs: 8, batchSize: 64, negatives: 8, learningRate: 0.02, seed: 7, onProgress: (p) => progress.push(p.epoch) });
  });
  afterAll(() => rec?.dispose());

  it('trains with progress and recommends the shopper\'s taste, as plain objects', async () => {
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const list = await rec.recommend([view('a1', 1), view('a2', 2), view('a3', 3)], { topK: 5 });
    expect(list).toHaveLength(5);
    expect(Object.keys(list[0]!).sort()).toEqual(['productId', 'score']);
    expect(list.map((r) => r.productId)).not.toContain('a3'); // seen items excluded by default
    expect(list.filter((r) => r.productId.startsWith('a')).length).toBeGreaterThanOrEqual(4);
    expect(list[0]!.productId).toBe('a4');
  });

  it('loads files saved before sequential rules (10 arrays): item-kNN alone in the blend', async () => {
    await expectNoLeak(async () => {
      const files = await rec.toFiles();
      const meta = JSON.parse(files['metadata.json']);
      expect(meta.weightSpecs.map((s: { name: string }) => s.name).slice(10)).toEqual(['rules_row_start', 'rules_neighbours', 'rules_values', 'sessions_start', 'sessions_items']);
      const bytes = meta.weightSpecs.slice(0, 10).reduce((sum: number, s: { shape: number[] }) => sum + 4 * s.shape.reduce((a, b) => a * b, 1), 0);
      const weights = files['weights.bin'].slice(0, bytes);
      const old = { ...meta, weightSpecs: meta.weightSpecs.slice(0, 10), files: manifestOf({ 'weights.bin': weights }) };
      const loaded = await loadRecommender('/old/', { fetch: memoryFetch({ 'metadata.json': JSON.stringify(old), 'weights.bin': weights }, '/old/').fetch });
      const list = await loaded.recommend([view('a1', 1), view('a2', 2)], { topK: 3 });
      expect(list).toHaveLength(3);
      expect(list[0]!.productId.startsWith('a')).toBe(true);
      expect((await loaded.toFiles())['weights.bin'].byteLength).toBe(bytes);
      loaded.dispose();
    }, 'loading a 10-array file');
  });

  it('ties output to input embeddings by default (the same file layout either way); tiedEmbeddings: false trains a second table', async () => {
    const arrays = async (r: Recommender) => {
      const files = await r.toFiles();
      const meta = JSON.parse(files['metadata.json']);
      const out = new Map<string, Float32Array>();
      let offset = 0;
      for (const spec of meta.weightSpecs as { name: string; shape: number[] }[]) {
        const size = spec.shape.reduce((a, b) => a * b, 1);
        out.set(spec.name, new Float32Array(files['weights.bin'].slice(offset, offset + size * 4)));
        offset += size * 4;
      }
      return { names: meta.weightSpecs.map((x: { name: string }) => x.name), input: out.get('input')!, items: out.get('items')! };
    };
    const tied = await arrays(rec);
    expect(Array.from(tied.input.subarray(0, tied.items.length))).toEqual(Array.from(tied.items));
    await expectNoLeak(async () => {
      const untied = await trainRecommender(sequences(200), { dim: 8, window: 5, epochs: 2, batchSize: 64, negatives: 8, learningRate: 0.02, seed: 7, tiedEmbeddings: false });
      const a = await arrays(untied);
      expect(a.names).toEqual(tied.names);
      expect(Array.from(a.input.subarray(0, a.items.length))).not.toEqual(Array.from(a.items));
      const list = await untied.recommend([view('a1', 1), view('a2', 2)], { topK: 3 });
      expect(list).toHaveLength(3);
      untied.dispose();
    }, 'training with tiedEmbeddings: false');
  });

  it('is deterministic for a seed', async () => {
    const again = await trainRecommender(sequences(200), { dim: 8, window: 5, modelWeight: 0.5, epochs: 8, batchSize: 64, negatives: 8, learningRate: 0.02, seed: 7 });
    expect(Array.from(again.embedding('a1')!)).toEqual(Array.from(rec.embedding('a1')!));
    again.dispose();
  });

  it('stops early, after the epoch whose onEpochEnd returns true', async () => {
    const epochs: number[] = [];
    const stopped = await trainRecommender(sequences(50), {
      dim: 8, window: 5, epochs: 8, batchSize: 64, negatives: 8, seed: 7,
      onEpochEnd: (p) => { epochs.push(p.epoch); return p.epoch === 2; },
    });
    expect(epochs).toEqual([1, 2]);
    expect(stopped.embedding('a1')).toBeInstanceOf(Float32Array);
    stopped.dispose();
  });

  it('stops with ABORTED when the signal fires', async () => {
    const controller = new AbortController();
    const error = await errorOf(trainRecommender(sequences(50), { dim: 8, epochs: 50, onProgress: () => controller.abort(), signal: controller.signal }));
    expect(isStorefrontError(error, 'ABORTED')).toBe(true);
  });

  it('applies filters, rules and diversity; a new shopper gets popular products', async () => {
    rec.setCatalog([{ productId: 'a4', category: 'hair', price: 10 }, { productId: 'a5', category: 'hair', price: 30 }, { productId: 'b1', category: 'skin', price: 10 }]);
    const hair = await rec.recommend([view('a3', 1)], { category: 'hair', priceRange: [0, 20] });
    expect(hair.map((r) => r.productId)).toEqual(['a4']);
    const ruled = await rec.recommend([view('a3', 1)], { filter: (id) => id !== 'a4', topK: 3 });
    expect(ruled.map((r) => r.productId)).not.toContain('a4');
    const diverse = await rec.recommend([view('a3', 1)], { topK: 4, diversity: 0.9 });
    expect(diverse).toHaveLength(4);
    const bought = await rec.recommend([view('a3', 1, 'purchase')], { excludeSeen: false, topK: 20 });
    expect(bought.map((r) => r.productId)).not.toContain('a3');
    const popular = await rec.recommend([]);
    expect(popular).toEqual(await rec.popular());
  });

  it('lists similar and bought-together products', async () => {
    const similar = await rec.similar('a1', { topK: 3 });
    expect(similar.map((r) => r.productId)).not.toContain('a1');
    expect(similar.filter((r) => r.productId.startsWith('a')).length).toBeGreaterThanOrEqual(2);
    const together = await rec.boughtTogether('b2', { topK: 3 });
    expect(together.every((r) => r.productId.startsWith('b'))).toBe(true);
    expect(isStorefrontError(await errorOf(rec.similar('nope')), 'NOT_FOUND')).toBe(true);
  });

  it('cold start: a new product with attributes gets neighbours of its kind', async () => {
    rec.setCatalog(Array.from({ length: 10 }, (_, i) => [{ productId: `a${i}`, attributes: ['brand:a'] }, { productId: `b${i}`, attributes: ['brand:b'] }]).flat());
    expect(rec.addProducts([{ productId: 'a-new', attributes: ['brand:a'] }, { productId: 'x', attributes: ['unknown'] }])).toEqual(['a-new']);
    const similar = await rec.similar('a-new', { topK: 5 });
    expect(similar.filter((r) => r.productId.startsWith('a')).length).toBeGreaterThanOrEqual(4);
    expect((await rec.recommend([view('a-new', 1)])).length).toBe(10);
  });

  it('cold start: a product listed twice in one call is placed once, and the model still saves and loads', async () => {
    rec.setCatalog(Array.from({ length: 10 }, (_, i) => [{ productId: `a${i}`, attributes: ['brand:a'] }, { productId: `b${i}`, attributes: ['brand:b'] }]).flat());
    const twice = [{ productId: 'b-new', attributes: ['brand:b'] }, { productId: 'b-new', attributes: ['brand:a'] }];
    expect(rec.addProducts(twice)).toEqual(['b-new']);
    expect(rec.addProducts(twice)).toEqual([]);
    expect(rec.productIds.filter((id) => id === 'b-new')).toHaveLength(1);
    const files = await rec.toFiles();
    const back = await loadRecommender('/twice/', { fetch: memoryFetch(files, '/twice/').fetch });
    expect(back.embedding('b-new')).toEqual(rec.embedding('b-new'));
    back.dispose();
  });

  it('leaks no tensor over 1,000 recommend() calls, nor in the other lists', async () => {
    const events = [view('a1', 1), view('a2', 2)];
    await expectNoLeakOver(1000, () => rec.recommend(events), 'recommend()');
    await expectNoLeak(() => Promise.all([rec.similar('a1'), rec.boughtTogether('a1'), rec.popular()]), 'lists');
  });

  it('saves to and loads from indexeddb://, and from a models/ folder URL', async () => {
    await rec.save('indexeddb://recommend-test');
    const loaded = await loadRecommender('indexeddb://recommend-test');
    const events = [view('a1', 1), view('a2', 2)];
    expect(await loaded.recommend(events)).toEqual(await rec.recommend(events));
    loaded.dispose();
    await tf.io.removeModel('indexeddb://recommend-test');

    const written = await rec.toFiles();
    const files = new Map<string, Blob>([
      ['/models/recommend/test/metadata.json', new Blob([written['metadata.json']])],
      ['/models/recommend/test/weights.bin', new Blob([written['weights.bin'] as BlobPart])],
    ]);
    const realFetch = globalThis.fetch;
    // Served from memory: the files are what toFiles() writes into a models/ folder.
    globalThis.fetch = async (input) => {
      const path = new URL(String(input), location.href).pathname;
      const blob = files.get(path);
      return blob ? new Response(blob) : new Response('not found', { status: 404 });
    };
    try {
      const fromUrl = await loadRecommender('/models/recommend/test/');
      expect(await fromUrl.recommend(events)).toEqual(await rec.recommend(events));
      fromUrl.dispose();
      expect(isStorefrontError(await errorOf(loadRecommender('/models/recommend/missing/')), 'MODEL_LOAD_FAILED')).toBe(true);
    } finally {
      globalThis.fetch = realFetch;
    }
  });

  it('imports embeddings written by hand in the SFEM format', async () => {
    const buffer = writeSfemByHand(['p1', 'p2', 'p3'], 2, [[1, 0], [0.9, 0.1], [0, 1]]);
    const url = URL.createObjectURL(new Blob([buffer]));
    const imported = await loadRecommender({ embeddings: url });
    URL.revokeObjectURL(url);
    expect((await imported.similar('p1', { topK: 1 }))[0]!.productId).toBe('p2');
    expect((await imported.recommend([view('p3', 1)], { topK: 1 }))[0]!.productId).toBe('p2');
    imported.dispose();
  });

  it('keeps a session index for session-kNN by default; sessionWeight 0 keeps none, and is validated', async () => {
    const names = (r: Recommender) => r.metadata.weightSpecs.map((s) => s.name);
    expect(names(rec)).toContain('sessions_items');
    expect(rec.metadata.sessionWeight).toBe(0.7);
    expect(rec.metadata.returningSessionWeight).toBe(0.3);
    const plain = await trainRecommender(sequences(50), { dim: 8, window: 5, epochs: 1, negatives: 8, seed: 7, sessionWeight: 0 });
    expect(names(plain)).not.toContain('sessions_start');
    await expectNoLeak(() => plain.recommend([view('a1', 1)]), 'recommend() without session index');
    plain.dispose();
    for (const sessionWeight of [-0.1, 1.5, Number.NaN]) {
      const e = await errorOf(trainRecommender(sequences(10), { epochs: 1, sessionWeight }));
      expect(isStorefrontError(e, 'INVALID_OPTION')).toBe(true);
      const r = await errorOf(trainRecommender(sequences(10), { epochs: 1, returningSessionWeight: sessionWeight }));
      expect(isStorefrontError(r, 'INVALID_OPTION')).toBe(true);
    }
  });

  it('mixes in session-kNN by sessionWeight for an anonymous session, by returningSessionWeight for several sessions', async () => {
    // The same training with and without a session index: identical weights, so any difference is the session part.
    const options = { dim: 8, window: 5, epochs: 2, batchSize: 64, negatives: 8, seed: 7 };
    const indexed = await trainRecommender(sequences(200), options);
    const plain = await trainRecommender(sequences(200), { ...options, sessionWeight: 0 });
    const anonymousOnly = await trainRecommender(sequences(200), { ...options, returningSessionWeight: 0 });
    const anonymous = [view('a1', 1), view('a2', 2)];
    const returning = [{ ...view('a1', 1), sessionId: 's0' }, view('a2', 2)];
    const top = (r: Recommender, events: ShopperEvent[]) => r.recommend(events, { topK: 20 });
    expect(await top(indexed, anonymous)).not.toEqual(await top(plain, anonymous));
    expect(await top(anonymousOnly, anonymous)).toEqual(await top(indexed, anonymous));
    expect(await top(indexed, returning)).not.toEqual(await top(plain, returning));
    expect(await top(anonymousOnly, returning)).toEqual(await top(plain, returning));
    // The weight goes with the files.
    const files = await anonymousOnly.toFiles();
    expect(JSON.parse(files['metadata.json']).returningSessionWeight).toBe(0);
    await expectNoLeak(() => indexed.recommend(returning), 'recommend() of a returning shopper with session-kNN');
    for (const r of [indexed, plain, anonymousOnly]) r.dispose();
  });

  it('throws DISPOSED after dispose(), which is idempotent', async () => {
    const r = await loadRecommender({ embeddings: writeSfemByHand(['p1'], 2, [[1, 0]]) });
    r.dispose();
    r.dispose();
    expect(isStorefrontError(await errorOf(r.recommend([])), 'DISPOSED')).toBe(true);
    expect(isStorefrontError(await errorOf(rec.recommend([], { topK: 0 })), 'INVALID_OPTION')).toBe(true);
  });
});
