/**
 * Types a shop can use: the visual index is generic over the shop's product metadata and the few-shot classifier
 * over its category names. Checked by `npm run typecheck` (the `@ts-expect-error` lines fail it if the misuse they
 * mark ever compiles); at run time the assertions are no-ops.
 */
import { describe, expectTypeOf, it } from 'vitest';
import {
  createFewShotClassifier,
  loadFewShotClassifier,
  openCategoryStore,
  openVisualIndex,
  type CatalogProduct,
  type FewShotClassifier,
  type FewShotPrediction,
  type ProductMetadata,
  type VisualIndex,
  type VisualSearchHit,
} from '../../../src/index.ts';
import type { IndexedProduct, LabelScore, VisualSearchOptions } from '../../../src/vision/index.ts';

/** A shop's own record, declared as an interface (no index signature), as shops write them. */
interface ShopProduct {
  category: 'jeans' | 'watches';
  price: number;
  inStock?: boolean;
}
type Category = 'jeans' | 'watches';

// Functions that are type-checked but never run (they would need IndexedDB and a model).
const never = (_: () => unknown) => undefined;

describe('visual index metadata types', () => {
  it('openVisualIndex<M>() types put, search, filter and get with the shop\'s fields', () => {
    expectTypeOf(openVisualIndex<ShopProduct>).returns.resolves.toEqualTypeOf<VisualIndex<ShopProduct>>();
    expectTypeOf<VisualIndex<ShopProduct>['search']>().returns.resolves.toEqualTypeOf<VisualSearchHit<ShopProduct>[]>();
    expectTypeOf<VisualSearchHit<ShopProduct>['metadata']['category']>().toEqualTypeOf<'jeans' | 'watches'>();
    expectTypeOf<VisualSearchOptions<ShopProduct>['filter']>().toEqualTypeOf<((metadata: ShopProduct, productId: string) => boolean) | undefined>();
    expectTypeOf<ReturnType<VisualIndex<ShopProduct>['get']>>().toEqualTypeOf<IndexedProduct<ShopProduct> | undefined>();
    never(async () => {
      const index = await openVisualIndex<ShopProduct>({ name: 'shop', embeddingSize: 4 });
      const embedding = new Float32Array(4);
      await index.put({ productId: 'p1', embedding, metadata: { category: 'jeans', price: 49 } });
      await index.putMany([{ productId: 'p2', embedding, metadata: { category: 'watches', price: 120, inStock: true } }]);
      const hits = await index.search(embedding, { filter: (m) => m.price < 100 && m.category === 'jeans' });
      expectTypeOf(hits[0]!.metadata.price).toEqualTypeOf<number>();
      // @ts-expect-error: a category the shop does not have
      await index.put({ productId: 'p3', embedding, metadata: { category: 'hats', price: 1 } });
      // @ts-expect-error: price is required by ShopProduct
      await index.put({ productId: 'p4', embedding, metadata: { category: 'jeans' } });
      // @ts-expect-error: with required fields, metadata must be given (a new product would otherwise get {})
      await index.put({ productId: 'p5', embedding });
      // @ts-expect-error: the filter sees ShopProduct, which has no colour
      await index.search(embedding, { filter: (m) => m.colour === 'red' });
    });
  });

  it('the default stays what it was: free-form metadata, optional in put', () => {
    never(async () => expectTypeOf(await openVisualIndex()).toEqualTypeOf<VisualIndex<ProductMetadata>>());
    expectTypeOf<VisualIndex>().toEqualTypeOf<VisualIndex<Record<string, unknown>>>();
    expectTypeOf<VisualSearchHit['metadata']>().toEqualTypeOf<Record<string, unknown>>();
    expectTypeOf<{ productId: 'a'; embedding: Float32Array }>().toExtend<CatalogProduct>();
    expectTypeOf<{ productId: 'a'; metadata: { anything: 1 } }>().toExtend<CatalogProduct>();
    // Metadata whose fields are all optional may be left out too.
    expectTypeOf<{ productId: 'a'; embedding: Float32Array }>().toExtend<CatalogProduct<Partial<ShopProduct>>>();
    expectTypeOf<{ productId: 'a'; embedding: Float32Array }>().not.toExtend<CatalogProduct<ShopProduct>>();
    // Metadata declared with `type` passes where the default is expected (an interface has no index signature, so
    // hits typed with an interface go to code typed with the default only through a type alias of it).
    type ShopFields = { category: string; price: number };
    expectTypeOf<VisualSearchHit<ShopFields>[]>().toExtend<VisualSearchHit[]>();
    expectTypeOf<VisualSearchHit<ShopProduct>[]>().not.toExtend<VisualSearchHit[]>();
    never(async () => {
      const index = await openVisualIndex({ embeddingSize: 4 });
      await index.put({ productId: 'p1', embedding: new Float32Array(4) });
      expectTypeOf((await index.search(new Float32Array(4)))[0]!.metadata.category).toEqualTypeOf<unknown>();
    });
  });
});

describe('few-shot category types', () => {
  it('createFewShotClassifier<L>() types labels, predictions and teaching with the shop\'s categories', () => {
    never(async () => {
      const trainer = await createFewShotClassifier<Category>({ embeddingSize: 4 });
      await trainer.addExamples('jeans', [new Float32Array(4)]);
      // @ts-expect-error: not one of the shop's categories
      await trainer.addExamples('hats', [new Float32Array(4)]);
      const prediction = await trainer.predict(new Float32Array(4));
      expectTypeOf(prediction).toEqualTypeOf<FewShotPrediction<Category>>();
      expectTypeOf(prediction.label).toEqualTypeOf<Category | null>();
      expectTypeOf(prediction.scores).toEqualTypeOf<LabelScore<Category>[]>();
      expectTypeOf(trainer.labels).toEqualTypeOf<Category[]>();
      // A typed classifier saves into the store and loads back typed; it can seed a trainer of the same categories.
      const store = await openCategoryStore();
      await store.save('shop', trainer);
      expectTypeOf(await store.load<Category>('shop')).toEqualTypeOf<FewShotClassifier<Category>>();
      expectTypeOf(await loadFewShotClassifier<Category>('indexeddb://shop')).toEqualTypeOf<FewShotClassifier<Category>>();
      await createFewShotClassifier<Category>({ from: trainer });
    });
  });

  it('the default stays string labels', () => {
    expectTypeOf<FewShotPrediction['label']>().toEqualTypeOf<string | null>();
    never(async () => expectTypeOf(await loadFewShotClassifier('indexeddb://shop')).toEqualTypeOf<FewShotClassifier<string>>());
    never(async () => expectTypeOf(await (await openCategoryStore()).load('shop')).toEqualTypeOf<FewShotClassifier<string>>());
    expectTypeOf<FewShotClassifier['labels']>().toEqualTypeOf<string[]>();
  });
});
