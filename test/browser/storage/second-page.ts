/**
 * The second page: opens one of everything storefront-ml stores and keeps it open, as a shop's other tab would.
 * The test page drives it through `window.secondPage`.
 */
import { initRuntime } from '../../../src/runtime/index.ts';
import { openHistory } from '../../../src/history/store.ts';
import type { HistoryStore } from '../../../src/history/store-types.ts';
import { loadRecommender } from '../../../src/recommend/index.ts';
import { openCategoryStore, type CategoryStore } from '../../../src/vision/category-store.ts';
import { createFewShotClassifier } from '../../../src/vision/few-shot.ts';
import { openVisualIndex } from '../../../src/vision/visual-index.ts';
import type { VisualIndex } from '../../../src/vision/visual-index-types.ts';
import { holdModelCacheOpen, type HeldDownload } from './held-files.ts';

export const SECOND_PAGE = {
  history: 'storefront-ml-history',
  customHistory: 'shop-history-two-pages',
  index: 'two-pages',
  model: 'indexeddb://two-pages-recommender',
};

const event = (time: number) => ({ type: 'view' as const, time, sessionId: 's1', productId: 'p1', page: 'product' as const });

let history: HistoryStore;
let customHistory: HistoryStore;
let index: VisualIndex;
let categories: CategoryStore;
let download: HeldDownload;

async function classifier() {
  const c = await createFewShotClassifier({ embeddingSize: 3 });
  await c.addExamples('shoes', [Float32Array.of(1, 0, 0)]);
  return c;
}

export const api = {
  /** Opens and writes one of each kind, and leaves every connection open. */
  async openAll(): Promise<void> {
    await initRuntime({ backend: 'cpu' });
    history = await openHistory({ name: SECOND_PAGE.history, consent: 'granted' });
    await history.record([event(Date.now() - 1000)]);
    customHistory = await openHistory({ name: SECOND_PAGE.customHistory, consent: 'granted' });
    await customHistory.record([event(Date.now() - 1000)]);
    index = await openVisualIndex({ name: SECOND_PAGE.index, embeddingSize: 3 });
    await index.put({ productId: 'shoe', embedding: Float32Array.of(1, 0, 0), metadata: { colour: 'red' } });
    categories = await openCategoryStore();
    await categories.save('shop', await classifier());
    const rec = await loadRecommender({ embeddings: { ids: ['a', 'b'], dim: 2, vectors: Float32Array.of(1, 0, 0, 1), metadata: {} } });
    await rec.save(SECOND_PAGE.model);
    rec.dispose();
    download = await holdModelCacheOpen(globalThis);
    await download.started;
  },

  /** After an erase elsewhere: what each object sees, then that each works again (recreating its database). */
  async afterErase() {
    const seen = {
      history: await history.count(),
      customHistory: await customHistory.count(),
      indexSize: index.size,
      search: (await index.search(Float32Array.of(1, 0, 0))).length,
      categories: await categories.list(),
      download: await download.release(),
    };
    await history.record([event(Date.now() - 500)]);
    await index.put({ productId: 'boot', embedding: Float32Array.of(0, 1, 0) });
    await categories.save('again', await classifier());
    const works = { history: await history.count(), indexSize: index.size, categories: await categories.list(), reopened: history.stats().reopened };
    return { seen, works };
  },

  closeAll(): void {
    for (const c of [history, customHistory, index, categories]) c?.close();
  },
};

(globalThis as { secondPage?: typeof api }).secondPage = api;
