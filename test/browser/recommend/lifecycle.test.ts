import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ShopperEvent } from '../../../src/history/types.ts';
import { loadRecommender, trainRecommender, type Recommender } from '../../../src/index.ts';
import { expectNoLeak } from '../../helpers/leak.ts';
import { expectDisposedEverywhere, membersOf } from '../../helpers/lifecycle.ts';
import { memoryFetch } from '../../helpers/model-files.ts';
import { useWasm } from '../../helpers/wasm.ts';

const MEMBERS = membersOf<Recommender>()([
  'productIds', 'dim', 'metadata', 'recommend', 'similar', 'boughtTogether', 'popular', 'setCatalog', 'addProducts',
  'embedding', 'save', 'toFiles', 'dispose',
]);

const sequences = Array.from({ length: 60 }, (_, u) => Array.from({ length: 5 }, (_, k) => `${u % 2 ? 'a' : 'b'}${(u + k) % 8}`));
const events: ShopperEvent[] = [{ type: 'view', productId: 'a1', time: 1, sessionId: 's' }, { type: 'view', productId: 'a2', time: 2, sessionId: 's' }];

describe('recommender lifecycle: train → use → save/toFiles → load → dispose', () => {
  beforeAll(useWasm);

  it('loads back what it trained, from IndexedDB, its files and its embeddings, and is unusable after dispose()', async () => {
    await expectNoLeak(async () => {
      const trained = await trainRecommender(sequences, { dim: 4, window: 3, epochs: 2, negatives: 4, seed: 3 });
      expect('state' in trained).toBe(false);
      const list = await trained.recommend(events);
      expect(trained.metadata).toMatchObject({ format: 'storefront-ml/recommender', dim: 4, window: 3, info: { epochs: 2 } });

      await trained.save('indexeddb://lifecycle-recommender');
      const fromDb = await loadRecommender('indexeddb://lifecycle-recommender');
      expect(await fromDb.recommend(events)).toEqual(list);
      await tf.io.removeModel('indexeddb://lifecycle-recommender');

      const files = await trained.toFiles();
      expect(Object.keys(files).sort()).toEqual(['metadata.json', 'weights.bin']);
      const fromFiles = await loadRecommender('/hosted/recs/', { fetch: memoryFetch(files, '/hosted/recs/').fetch });
      expect(await fromFiles.recommend(events)).toEqual(list);
      expect(fromFiles.metadata).toEqual(trained.metadata);

      const ids = trained.productIds;
      const vectors = new Float32Array(ids.length * 4);
      ids.forEach((id, i) => vectors.set(trained.embedding(id)!, i * 4));
      const fromEmbeddings = await loadRecommender({ embeddings: { ids: [...ids], dim: 4, vectors, metadata: {} } });
      expect((await fromEmbeddings.similar('a1')).map((r) => r.productId)).toEqual((await trained.similar('a1')).map((r) => r.productId));

      for (const model of [trained, fromDb, fromFiles, fromEmbeddings]) await expectDisposedEverywhere(model, MEMBERS);
    }, 'the whole lifecycle');
  });

  it('refuses an unknown source and honours an AbortSignal', async () => {
    await expect(loadRecommender(42 as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const controller = new AbortController();
    controller.abort();
    await expect(loadRecommender('/models/recommend/x/', { signal: controller.signal })).rejects.toMatchObject({ code: 'ABORTED' });
    const inFlight = new AbortController();
    const abortingFetch = async () => { inFlight.abort(); throw new DOMException('The operation was aborted.', 'AbortError'); };
    await expect(loadRecommender('/models/recommend/x/', { signal: inFlight.signal, fetch: abortingFetch })).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
