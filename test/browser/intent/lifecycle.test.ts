import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadIntentModel, trainIntentModel, type IntentModel } from '../../../src/index.ts';
import { expectNoLeak } from '../../helpers/leak.ts';
import { expectDisposedEverywhere, membersOf } from '../../helpers/lifecycle.ts';
import { memoryFetch } from '../../helpers/model-files.ts';
import { useWasm } from '../../helpers/wasm.ts';
import { syntheticSessions } from './synthetic.ts';

const MEMBERS = membersOf<IntentModel>()([
  'threshold', 'metadata', 'predict', 'predictBatch', 'classify', 'evaluate', 'explain', 'permutationImportance',
  'adapt', 'reset', 'save', 'toFiles', 'dispose',
]);

describe('intent model lifecycle: train → use → save/toFiles → load → dispose', () => {
  beforeAll(useWasm);

  it('loads back what it trained, from IndexedDB and from its files, and is unusable after dispose()', async () => {
    const { rows, labels } = syntheticSessions(300);
    const probe = rows.slice(0, 25);
    await expectNoLeak(async () => {
      const trained = await trainIntentModel(rows, labels, { hidden: [8], epochs: 3, seed: 2 });
      expect('fit' in trained).toBe(false);
      const scores = await trained.predictBatch(probe);

      await trained.save('indexeddb://lifecycle-intent');
      const fromDb = await loadIntentModel('indexeddb://lifecycle-intent');
      expect([...await fromDb.predictBatch(probe)]).toEqual([...scores]);
      expect(fromDb.metadata.threshold).toBe(trained.threshold);
      await tf.io.removeModel('indexeddb://lifecycle-intent');

      const files = await trained.toFiles();
      expect(Object.keys(files).sort()).toEqual(['metadata.json', 'model.json', 'weights.bin']);
      const fromFiles = await loadIntentModel('/hosted/intent/', { fetch: memoryFetch(files, '/hosted/intent/').fetch });
      expect([...await fromFiles.predictBatch(probe)]).toEqual([...scores]);
      expect(fromFiles.metadata.training?.epochs).toBe(trained.metadata.training?.epochs);

      for (const model of [trained, fromDb, fromFiles]) await expectDisposedEverywhere(model, MEMBERS);
    }, 'the whole lifecycle');
  });

  it('honours an AbortSignal when loading', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(loadIntentModel('/models/purchase-intent/', { signal: controller.signal })).rejects.toMatchObject({ code: 'ABORTED' });
    const inFlight = new AbortController();
    const abortingFetch = async () => { inFlight.abort(); throw new DOMException('The operation was aborted.', 'AbortError'); };
    await expect(loadIntentModel('/models/purchase-intent/', { signal: inFlight.signal, fetch: abortingFetch })).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
