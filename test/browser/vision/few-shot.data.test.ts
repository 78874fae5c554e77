import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCategoryStore } from '../../../src/vision/category-store.ts';
import { createFewShotClassifier, loadFewShotClassifier } from '../../../src/vision/few-shot.ts';
import type { ImageModel } from '../../../src/vision/image-model.ts';
import { loadImageModel } from '../../../src/vision/load-image-model.ts';
import { code } from '../../helpers/errors.ts';
import { expectNoLeak } from '../../helpers/leak.ts';
import { useWasm } from '../../helpers/wasm.ts';
import { MODELS, PHOTOS, photo } from './models.ts';

describe('few-shot categories', () => {
  let model: ImageModel;
  let byClass: Record<string, Blob[]>;
  beforeAll(async () => {
    await useWasm();
    model = await loadImageModel(MODELS.v1_075.url, { metadata: MODELS.v1_075.metadata });
    const files = (await (await fetch(`${PHOTOS}/?list`)).json() as string[]).filter((f) => f.endsWith('.jpg'));
    byClass = {};
    for (const c of ['backpacks', 'jeans', 'watches']) {
      byClass[c] = await Promise.all(files.filter((f) => f.startsWith(c + '/')).slice(0, 5).map(photo));
    }
  });
  afterAll(() => model.dispose());

  it('teaches from 4 photos per category, predicts the 5th, says none under the threshold, writes its file and loads it back', async () => {
    const classifier = await createFewShotClassifier({ model, k: 3 });
    for (const [label, photos] of Object.entries(byClass)) await expectNoLeak(() => classifier.addExamples(label, photos.slice(0, 4)));
    expect(classifier.labels).toEqual(['backpacks', 'jeans', 'watches']);
    expect(classifier.counts).toEqual({ backpacks: 4, jeans: 4, watches: 4 });
    for (const [label, photos] of Object.entries(byClass)) {
      await classifier.predict(photos[4] as Blob);
      const p = await expectNoLeak(() => classifier.predict(photos[4] as Blob));
      expect(p.label).toBe(label);
      expect(p.scores).toHaveLength(3);
      expect(p.score).toBe(p.scores[0]?.score);
    }
    classifier.threshold = 0.999;
    expect((await classifier.predict(byClass.jeans?.[4] as Blob)).label).toBeNull();
    classifier.threshold = 0;

    const file = new File([(await classifier.toFiles())['few-shot.json']], 'categories.json', { type: 'application/json' });
    const copy = await loadFewShotClassifier(file, { model });
    expect(copy.counts).toEqual(classifier.counts);
    const [a, b] = [await classifier.predict(byClass.watches?.[4] as Blob), await copy.predict(byClass.watches?.[4] as Blob)];
    expect(b).toEqual(a);
    expect(classifier.removeLabel('jeans')).toBe(true);
    expect(classifier.labels).toEqual(['backpacks', 'watches']);

    const other = await loadImageModel(MODELS.v1_025.url, { metadata: MODELS.v1_025.metadata });
    expect(await code(loadFewShotClassifier(file, { model: other }))).toBe('INVALID_OPTION');
    other.dispose();
    expect(await code(loadFewShotClassifier('{"format":"nope"}'))).toBe('INVALID_INPUT');
    expect(await code(classifier.addExamples('x', [Float32Array.of(1)]))).toBe('INVALID_INPUT');
    classifier.dispose();
    expect(await code(classifier.predict(byClass.jeans?.[0] as Blob))).toBe('DISPOSED');
  });

  it('saves to and loads from IndexedDB', async () => {
    const classifier = await createFewShotClassifier({ model, threshold: 0.5 });
    await classifier.addExamples('backpacks', (byClass.backpacks ?? []).slice(0, 2));
    await classifier.addExamples('jeans', (byClass.jeans ?? []).slice(0, 2));
    const store = await openCategoryStore();
    await store.delete('test-shop');
    await store.save('test-shop', classifier);
    expect(await store.list()).toContain('test-shop');
    const loaded = await store.load('test-shop', { model });
    expect(loaded.threshold).toBe(0.5);
    expect((await loaded.predict(byClass.jeans?.[3] as Blob)).label).toBe('jeans');
    expect(await code(store.load('nothing-here'))).toBe('NOT_FOUND');
    expect(await store.delete('test-shop')).toBe(true);
    expect(await store.delete('test-shop')).toBe(false);
    store.close();
    expect(await code(store.list())).toBe('DISPOSED');
  });
});
