/**
 * Every public call of the recommender checks its arguments and options: malformed events, catalogue records,
 * training sequences and options end in INVALID_INPUT / INVALID_OPTION naming the index, the field and the accepted
 * range, never in a TypeError or a silently empty list; embeddings holding NaN or Infinity are refused at load, so no
 * NaN score is ever returned or ranked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectTyped } from '../../helpers/errors.ts';
import type { ShopperEvent } from '../../../src/history/types.ts';
import { encodeEmbeddings, loadRecommender, trainRecommender, type ListOptions, type ProductInfo, type Recommender } from '../../../src/recommend/index.ts';
import { sha256HexSync } from '../../../src/core/files/sha256.ts';
import { expectNoLeak } from '../../helpers/leak.ts';
import { memoryFetch } from '../../helpers/model-files.ts';
import { useWasm } from '../../helpers/wasm.ts';

function sequences(count: number): string[][] {
  return Array.from({ length: count }, (_, u) => Array.from({ length: 5 }, (_, k) => `${u % 2 ? 'b' : 'a'}${(u + k) % 8}`));
}
const view = (productId: string, time: number): ShopperEvent => ({ type: 'view', productId, time, sessionId: 's1' });

const as = <T>(value: unknown) => value as T;

describe('Recommender arguments (WASM)', () => {
  let rec: Recommender;
  beforeAll(async () => {
    await useWasm();
    rec = await trainRecommender(sequences(40), { dim: 4, window: 3, epochs: 1, batchSize: 32, negatives: 4, seed: 3 });
    rec.setCatalog([{ productId: 'a1', price: 10, category: 'hair' }, { productId: 'a2', price: 30, category: 'hair' }]);
  });
  afterAll(() => rec?.dispose());

  it('recommend() names the event and field of a malformed event instead of a TypeError or a silent popular list', async () => {
    await expectTyped(() => rec.recommend([null as unknown as ShopperEvent]), 'INVALID_INPUT', /events\[0\]/);
    await expectTyped(() => rec.recommend([view('a1', 1), as<ShopperEvent>({ type: 'view', productId: 5, time: 2, sessionId: 's' })]), 'INVALID_INPUT', /events\[1\]\.productId/);
    await expectTyped(() => rec.recommend([{ ...view('a1', 1), time: NaN }]), 'INVALID_INPUT', /events\[0\]\.time/);
    await expectTyped(() => rec.recommend([as<ShopperEvent>({ ...view('a1', 1), type: 'teleport' })]), 'INVALID_INPUT', /events\[0\]\.type/);
    await expectTyped(() => rec.recommend(as<ShopperEvent[]>('a1')), 'INVALID_INPUT', /events/);
  });

  it('list options outside their range are INVALID_OPTION naming the field and the range', async () => {
    const lists: [string, (o: ListOptions) => Promise<unknown>][] = [
      ['recommend', (o) => rec.recommend([view('a1', 1)], o)], ['similar', (o) => rec.similar('a1', o)],
      ['boughtTogether', (o) => rec.boughtTogether('a1', o)], ['popular', (o) => rec.popular(o)],
    ];
    for (const [, list] of lists) {
      await expectTyped(() => list({ priceRange: [50, 0] }), 'INVALID_OPTION', /priceRange.*min.*max/);
      await expectTyped(() => list({ priceRange: as<[number, number]>([NaN, 5]) }), 'INVALID_OPTION', /priceRange/);
      await expectTyped(() => list({ priceRange: as<[number, number]>('cheap') }), 'INVALID_OPTION', /priceRange/);
      await expectTyped(() => list({ exclude: as<string[]>('a2') }), 'INVALID_OPTION', /exclude/);
      await expectTyped(() => list({ filter: as<() => boolean>('in-stock') }), 'INVALID_OPTION', /filter/);
      await expectTyped(() => list({ category: as<string>(5) }), 'INVALID_OPTION', /category/);
      await expectTyped(() => list(as<ListOptions>(null)), 'INVALID_OPTION', /options/);
      // These held before: topK and diversity were already bounded.
      await expectTyped(() => list({ topK: -1 }), 'INVALID_OPTION', /topK/);
      await expectTyped(() => list({ topK: 2.5 }), 'INVALID_OPTION', /topK/);
      await expectTyped(() => list({ diversity: 1.5 }), 'INVALID_OPTION', /diversity/);
      await expectTyped(() => list({ diversity: NaN }), 'INVALID_OPTION', /diversity/);
    }
    await expectTyped(() => rec.recommend([view('a1', 1)], { excludeSeen: as<boolean>('no') }), 'INVALID_OPTION', /excludeSeen/);
    await expectTyped(() => rec.similar(as<string>(42)), 'INVALID_INPUT', /productId/);
    // An open-ended range is fine.
    expect((await rec.popular({ priceRange: [20, Infinity] })).map((r) => r.productId)).toEqual(['a2']);
  });

  it('save() needs a name after indexeddb:// (it saved under the empty name)', async () => {
    await expectTyped(() => rec.save('indexeddb://'), 'INVALID_INPUT', /indexeddb:\/\/<name>/);
  });

  it('rejected calls leak no tensor', async () => {
    await expectNoLeak(async () => {
      await expectTyped(() => rec.recommend([view('a1', 1)], { priceRange: [9, 1] }), 'INVALID_OPTION', /priceRange/);
      await expectTyped(() => rec.recommend([null as unknown as ShopperEvent]), 'INVALID_INPUT', /events/);
      await expectTyped(() => rec.similar('a1', { topK: 0 }), 'INVALID_OPTION', /topK/);
      await expectTyped(() => trainRecommender([['a', 'b']], { learningRate: -1 }), 'INVALID_OPTION', /learningRate/);
    });
  });

  it('setCatalog() and addProducts() refuse bad records, naming the index and field, and change nothing', async () => {
    const bad: [unknown, RegExp][] = [
      [null, /products/], [[null], /products\[0\]/], [[{ productId: 'a1' }, { productId: 3 }], /products\[1\]\.productId/],
      [[{ productId: 'a1', price: NaN }], /products\[0\]\.price/], [[{ productId: 'a1', price: -5 }], /products\[0\]\.price/],
      [[{ productId: 'a1', category: 4 }], /products\[0\]\.category/], [[{ productId: 'a1', attributes: 'brand:x' }], /products\[0\]\.attributes/],
      [[{ productId: 'a1', attributes: ['brand:x', 7] }], /products\[0\]\.attributes\[1\]/],
    ];
    for (const [products, field] of bad) {
      await expectTyped(() => rec.setCatalog(products as ProductInfo[]), 'INVALID_INPUT', field);
      await expectTyped(() => rec.addProducts(products as ProductInfo[]), 'INVALID_INPUT', field);
    }
    // A bad record after a good one: the good one was not applied either.
    await expectTyped(() => rec.setCatalog([{ productId: 'a3', price: 1 }, as<ProductInfo>({ productId: 'a4', price: 'x' })]), 'INVALID_INPUT', /products\[1\]/);
    expect((await rec.popular({ priceRange: [0, 5] }))).toEqual([]);
  });

  it('trainRecommender refuses non-string ids, empty sequences and options outside their range', async () => {
    await expectTyped(() => trainRecommender([['a', 'b'], as<string[]>(['c', 1])]), 'INVALID_INPUT', /sequences\[1\]\[1\]/);
    await expectTyped(() => trainRecommender([['a', 'b'], as<string[]>(['c', null])]), 'INVALID_INPUT', /sequences\[1\]\[1\]/);
    await expectTyped(() => trainRecommender([['a', 'b'], []]), 'INVALID_INPUT', /sequences\[1\]/);
    await expectTyped(() => trainRecommender([as<string[]>('ab')]), 'INVALID_INPUT', /sequences\[0\]/);
    const seqs = sequences(4);
    await expectTyped(() => trainRecommender(seqs, { learningRate: NaN }), 'INVALID_OPTION', /learningRate/);
    await expectTyped(() => trainRecommender(seqs, { learningRate: 0 }), 'INVALID_OPTION', /learningRate.*above 0/);
    await expectTyped(() => trainRecommender(seqs, { epochs: -1 }), 'INVALID_OPTION', /epochs/);
    await expectTyped(() => trainRecommender(seqs, { epochs: 1.5 }), 'INVALID_OPTION', /epochs/);
    await expectTyped(() => trainRecommender(seqs, { batchSize: 0 }), 'INVALID_OPTION', /batchSize/);
    await expectTyped(() => trainRecommender(seqs, { negatives: -5 }), 'INVALID_OPTION', /negatives/);
    await expectTyped(() => trainRecommender(seqs, { dropout: 1 }), 'INVALID_OPTION', /dropout/);
    await expectTyped(() => trainRecommender(seqs, { dropout: NaN }), 'INVALID_OPTION', /dropout/);
    await expectTyped(() => trainRecommender(seqs, { maxSeconds: NaN }), 'INVALID_OPTION', /maxSeconds/);
    await expectTyped(() => trainRecommender(seqs, { seed: NaN }), 'INVALID_OPTION', /seed/);
    await expectTyped(() => trainRecommender(seqs, { tiedEmbeddings: as<boolean>('yes') }), 'INVALID_OPTION', /tiedEmbeddings/);
    await expectTyped(() => trainRecommender(seqs, { onProgress: as<() => void>('log') }), 'INVALID_OPTION', /onProgress/);
    await expectTyped(() => trainRecommender(seqs, { signal: as<AbortSignal>({ aborted: false }) }), 'INVALID_OPTION', /signal/);
    await expectTyped(() => trainRecommender(seqs, as<object>(null)), 'INVALID_OPTION', /options/);
  });
});

describe('embeddings with NaN or Infinity', () => {
  beforeAll(() => useWasm());
  const ids = ['x', 'y', 'z'];
  const vectors = (bad: number) => Float32Array.from([1, 0, 0, 1, bad, 0.5]);

  it('are refused at load (INVALID_INPUT decoded, MODEL_LOAD_FAILED from SFEM bytes), leaking nothing', async () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      await expectNoLeak(async () => {
        await expectTyped(() => loadRecommender({ embeddings: { ids, dim: 2, vectors: vectors(bad), metadata: {} } }), 'INVALID_INPUT', /vectors.*row 2/);
        const bytes = encodeEmbeddings({ ids, dim: 2, vectors: vectors(bad), metadata: {} });
        await expectTyped(() => loadRecommender({ embeddings: bytes }), 'MODEL_LOAD_FAILED', /not finite.*row 2/);
      });
    }
  });

  it('malformed decoded embeddings and popularity are typed errors', async () => {
    const ok = vectors(0.2);
    await expectTyped(() => loadRecommender({ embeddings: { ids: ['x', 'x', 'z'], dim: 2, vectors: ok, metadata: {} } }), 'INVALID_INPUT', /ids.*once/);
    await expectTyped(() => loadRecommender({ embeddings: { ids: as<string[]>(['x', 2, 'z']), dim: 2, vectors: ok, metadata: {} } }), 'INVALID_INPUT', /ids\[1\]/);
    await expectTyped(() => loadRecommender({ embeddings: { ids, dim: 2, vectors: as<Float32Array>([1, 0, 0, 1, 0, 1]), metadata: {} } }), 'INVALID_INPUT', /vectors/);
    await expectTyped(() => loadRecommender({ embeddings: { ids, dim: 2.5, vectors: ok, metadata: {} } }), 'INVALID_INPUT', /dim/);
    await expectTyped(() => loadRecommender({ embeddings: { ids, dim: 2, vectors: ok, metadata: {} }, popularity: Float32Array.from([1, NaN, 2]) }), 'INVALID_OPTION', /popularity/);
    await expectTyped(() => loadRecommender({ embeddings: { ids, dim: 2, vectors: ok, metadata: {} }, popularity: Float32Array.from([1, 2]) }), 'INVALID_OPTION', /popularity/);
  });

  it('a saved model whose weights hold NaN is MODEL_LOAD_FAILED naming the array, even with a matching checksum', async () => {
    const rec = await loadRecommender({ embeddings: { ids, dim: 2, vectors: vectors(0.2), metadata: {} } });
    const files = await rec.toFiles();
    rec.dispose();
    const metadata = JSON.parse(files['metadata.json']);
    const weights = new Uint8Array(files['weights.bin']);
    new DataView(weights.buffer).setFloat32(0, NaN, true); // input[0]
    metadata.files['weights.bin'].sha256 = sha256HexSync(weights);
    const dir = '/models/recommend/nan/';
    const { fetch } = memoryFetch({ [`${dir}metadata.json`]: JSON.stringify(metadata), [`${dir}weights.bin`]: weights });
    await expectTyped(() => loadRecommender(dir, { fetch }), 'MODEL_LOAD_FAILED', /"input".*NaN.*finite/);
  });

  it('a finite recommender never returns a score that is not finite', async () => {
    const rec = await loadRecommender({ embeddings: { ids, dim: 2, vectors: Float32Array.from([3e38, 3e38, 1, 0, 0, 1]), metadata: {} } });
    try {
      for (const list of [await rec.recommend([view('x', 1), view('y', 2)], { excludeSeen: false }), await rec.similar('y'), await rec.popular()]) {
        expect(list.every((r) => Number.isFinite(r.score)), JSON.stringify(list)).toBe(true);
      }
    } finally {
      rec.dispose();
    }
  });
});
