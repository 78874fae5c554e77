import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAssistant, trainAssistant, type Assistant } from '../../../src/index.ts';
import { expectNoLeak } from '../../helpers/leak.ts';
import { expectDisposedEverywhere, membersOf } from '../../helpers/lifecycle.ts';
import { memoryFetch } from '../../helpers/model-files.ts';
import { useWasm } from '../../helpers/wasm.ts';
import { SHOP_FAQ } from '../../fixtures/faq/shop-faq.ts';

const MEMBERS = membersOf<Assistant>()(['metadata', 'answer', 'save', 'toFiles', 'content', 'dispose']);
const QUESTIONS = ['how much is shipping', '运费多少', 'delete my account', 'what is the meaning of life'];

describe('assistant lifecycle: train → use → save/toFiles → load → dispose', () => {
  beforeAll(useWasm);

  it('loads back what it trained, from IndexedDB and from its files, and is unusable after dispose()', async () => {
    await expectNoLeak(async () => {
      const trained = await trainAssistant(SHOP_FAQ, { seed: 4, epochs: 3 });
      expect('retrain' in trained).toBe(false);
      const answers = await Promise.all(QUESTIONS.map((q) => trained.answer(q)));
      expect(trained.metadata).toMatchObject({ format: 'storefront-ml/assistant', version: 1 });

      await trained.save('indexeddb://lifecycle-assistant');
      const fromDb = await loadAssistant('indexeddb://lifecycle-assistant');
      expect(await Promise.all(QUESTIONS.map((q) => fromDb.answer(q)))).toEqual(answers);
      await tf.io.removeModel('indexeddb://lifecycle-assistant');

      const files = await trained.toFiles();
      expect(Object.keys(files).sort()).toEqual(['model.json', 'weights.bin']);
      // blob: URLs share one prefix, so the manifest's relative path resolves to the weights blob.
      const weightsUrl = URL.createObjectURL(new Blob([files['weights.bin'] as BlobPart]));
      const json = JSON.parse(files['model.json']);
      const weightsName = weightsUrl.split('/').pop() as string;
      json.weightsManifest[0].paths = [weightsName];
      json.files = { [weightsName]: json.files['weights.bin'] }; // the manifest names files by their path too
      const modelUrl = URL.createObjectURL(new Blob([JSON.stringify(json)], { type: 'application/json' }));
      const fromFiles = await loadAssistant(modelUrl);
      URL.revokeObjectURL(weightsUrl);
      URL.revokeObjectURL(modelUrl);
      expect(await Promise.all(QUESTIONS.map((q) => fromFiles.answer(q)))).toEqual(answers);
      expect(fromFiles.metadata).toEqual(trained.metadata);
      const hosted = await loadAssistant('model.json', { baseUrl: new URL('/hosted/assistant/', location.href), fetch: memoryFetch(files, '/hosted/assistant/').fetch });
      expect(await Promise.all(QUESTIONS.map((q) => hosted.answer(q)))).toEqual(answers);

      for (const model of [trained, fromDb, fromFiles, hosted]) await expectDisposedEverywhere(model, MEMBERS);
    }, 'the whole lifecycle');
  });

  it('honours an AbortSignal when loading', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(loadAssistant('/models/assistant/faq/model.json', { signal: controller.signal })).rejects.toMatchObject({ code: 'ABORTED' });
    const inFlight = new AbortController();
    const abortingFetch = async () => { inFlight.abort(); throw new DOMException('The operation was aborted.', 'AbortError'); };
    await expect(loadAssistant('/models/assistant/faq/model.json', { signal: inFlight.signal, fetch: abortingFetch })).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
