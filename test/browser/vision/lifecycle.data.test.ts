import { beforeAll, describe, expect, it } from 'vitest';
import {
  createFewShotClassifier, loadFewShotClassifier, loadImageModel, type FewShotClassifier, type FewShotTrainer, type ImageModel,
} from '../../../src/index.ts';
import { expectNoLeak } from '../../helpers/leak.ts';
import { expectDisposedEverywhere, membersOf } from '../../helpers/lifecycle.ts';
import { memoryFetch } from '../../helpers/model-files.ts';
import { useWasm } from '../../helpers/wasm.ts';
import { MODELS, PHOTOS, photo } from './models.ts';

const IMAGE_MEMBERS = membersOf<ImageModel>()([
  'metadata', 'embeddingSize', 'labels', 'fused', 'fit', 'classify', 'embed', 'embedBatch', 'save', 'toFiles', 'dispose',
]);
const CLASSIFIER_MEMBERS = membersOf<FewShotClassifier>()([
  'embeddingSize', 'head', 'augment', 'labels', 'counts', 'metadata', 'k', 'threshold', 'predict', 'save', 'toFiles', 'toJSON', 'dispose',
]);
const TRAINER_MEMBERS = membersOf<FewShotTrainer>()([...CLASSIFIER_MEMBERS, 'addExamples', 'removeLabel']);

describe('vision lifecycles', () => {
  beforeAll(useWasm);

  it('image model: load → use → toFiles → load the files → same embeddings → unusable after dispose()', async () => {
    const image = await photo((await (await fetch(`${PHOTOS}/?list`)).json() as string[]).find((f) => f.endsWith('.jpg'))!);
    await expectNoLeak(async () => {
      const loaded = await loadImageModel(MODELS.v1_025.url, { metadata: MODELS.v1_025.metadata });
      const embedding = await loaded.embed(image);
      const files = await loaded.toFiles();
      expect(Object.keys(files)).toEqual(expect.arrayContaining(['metadata.json', loaded.metadata.modelFile, ...Object.keys(loaded.metadata.files)]));
      await expect(loaded.save('indexeddb://mobilenet')).rejects.toMatchObject({ code: 'INVALID_OPTION' });
      const realFetch = globalThis.fetch;
      globalThis.fetch = memoryFetch(files, '/hosted/mobilenet/').fetch;
      let again: ImageModel;
      try {
        again = await loadImageModel('/hosted/mobilenet/');
      } finally {
        globalThis.fetch = realFetch;
      }
      expect([...await again.embed(image)]).toEqual([...embedding]);
      expect(again.metadata).toEqual(loaded.metadata);
      for (const model of [loaded, again]) await expectDisposedEverywhere(model, IMAGE_MEMBERS);
    }, 'the whole lifecycle');
  });

  it('few-shot: create (teach) → use → save/toFiles → load → same predictions → unusable after dispose()', async () => {
    const e = (...v: number[]) => Float32Array.from(v);
    const trainer = await createFewShotClassifier({ embeddingSize: 3, k: 1 });
    await trainer.addExamples('red', [e(1, 0, 0), e(0.9, 0.1, 0)]);
    await trainer.addExamples('blue', [e(0, 0, 1)]);
    const query = e(0.8, 0.2, 0.1);
    const prediction = await trainer.predict(query);
    expect(trainer.metadata).toMatchObject({ format: 'storefront-ml/few-shot@1', embeddingSize: 3, k: 1, labels: ['blue', 'red'], counts: { red: 2, blue: 1 } });

    await trainer.save('indexeddb://lifecycle-few-shot');
    const fromDb = await loadFewShotClassifier('indexeddb://lifecycle-few-shot');
    expect(await fromDb.predict(query)).toEqual(prediction);
    expect('addExamples' in fromDb).toBe(false);

    const files = await trainer.toFiles();
    expect(Object.keys(files)).toEqual(['few-shot.json']);
    const fromText = await loadFewShotClassifier(files['few-shot.json']);
    const fromUrl = await loadFewShotClassifier('/hosted/few-shot.json', { fetch: memoryFetch(files, '/hosted/').fetch });
    expect(await fromText.predict(query)).toEqual(prediction);
    expect(await fromUrl.predict(query)).toEqual(prediction);
    expect(fromUrl.metadata).toEqual(trainer.metadata);

    // To teach a saved classifier more, a trainer starts from it.
    const more = await createFewShotClassifier({ from: fromUrl });
    await more.addExamples('green', [e(0, 1, 0)]);
    expect(more.labels).toEqual(['blue', 'green', 'red']);

    await expectDisposedEverywhere(trainer, TRAINER_MEMBERS);
    await expectDisposedEverywhere(more, TRAINER_MEMBERS);
    for (const model of [fromDb, fromText, fromUrl]) await expectDisposedEverywhere(model, CLASSIFIER_MEMBERS);
    await expect(loadFewShotClassifier('indexeddb://no-such-few-shot')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
