/**
 * Zero tensors left behind by the visual index, the few-shot classifier and the category store on every path of
 * their public methods that runs the image model: success, rejected input, bad options, and the model disposed
 * while the call is in flight. (The image model's own methods: image-model-leaks.test.ts.)
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initRuntime } from '../../../src/runtime/index.ts';
import { createFewShotClassifier, openCategoryStore, openVisualIndex, type ImageModel, type VisualIndex } from '../../../src/vision/index.ts';
import { expectNoLeak } from '../../helpers/leak.ts';
import { loadTinyModel, solid, solidPng } from './tiny-model.ts';

const red = solid([255, 0, 0]);
const broken = new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: 'image/jpeg' });
const rejects = (fn: () => Promise<unknown>, code: string) => expectNoLeak(() => expect(fn()).rejects.toMatchObject({ code }), code);
const name = () => `leaks-${crypto.randomUUID().slice(0, 8)}`;

/**
 * `call` on what `setup` made with a model loaded for it, the model disposed while the call decodes its image:
 * DISPOSED, and (after `teardown`) nothing left.
 */
async function disposedInFlight<S>(setup: (model: ImageModel) => Promise<S>, call: (made: S, image: Blob) => Promise<unknown>, teardown?: (made: S) => Promise<void>): Promise<void> {
  const image = await solidPng([0, 0, 255]);
  const before = tf.memory().numTensors;
  const model = await loadTinyModel();
  const made = await setup(model);
  const pending = call(made, image);
  model.dispose();
  await expect(pending).rejects.toMatchObject({ code: 'DISPOSED' });
  await teardown?.(made);
  expect(tf.memory().numTensors).toBe(before);
}

let model: ImageModel;
let index: VisualIndex;
beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
  model = await loadTinyModel();
  index = await openVisualIndex({ name: name(), model });
  await index.put({ productId: 'warm', image: red });
  await index.search(red); // builds the scorer's matrix once
});
afterAll(async () => {
  await index.clear();
  index.close();
  model.dispose();
});

describe('visual index with a model', () => {
  it('put, putMany, search: success, bad input, bad options', async () => {
    await expectNoLeak(() => index.put({ productId: 'a', image: solid([0, 255, 0]) }));
    await expectNoLeak(() => index.putMany([{ productId: 'b', image: red }, { productId: 'c', image: red }], { batchSize: 1 }));
    expect((await expectNoLeak(() => index.search(red, { topK: 2 }))).length).toBe(2);
    await rejects(() => index.put({ productId: 'd', image: broken }), 'INVALID_INPUT');
    await rejects(() => index.putMany([{ productId: 'd', image: red }, { productId: 'e', image: broken }], { batchSize: 1 }), 'INVALID_INPUT');
    await rejects(() => index.search(broken), 'INVALID_INPUT');
    await rejects(() => index.search(red, { topK: -1 }), 'INVALID_OPTION');
    expect([index.get('d'), index.get('e')]).toEqual([undefined, undefined]);
  });

  it('put, putMany and search with the model disposed in flight', async () => {
    const calls = [
      (i: VisualIndex, image: Blob) => i.put({ productId: 'x', image }),
      (i: VisualIndex, image: Blob) => i.putMany([{ productId: 'x', image }, { productId: 'y', image }]),
      (i: VisualIndex, image: Blob) => i.search(image),
    ];
    for (const call of calls) {
      const n = name();
      await disposedInFlight((m) => openVisualIndex({ name: n, model: m }), call, async (own) => {
        expect(own.size).toBe(0);
        own.close();
        await new Promise((r) => { indexedDB.deleteDatabase(`storefront-ml-vision-index:${n}`).onsuccess = r; });
      });
    }
  });

  it('close() frees the scorer\'s tensors', async () => {
    const before = tf.memory().numTensors;
    const other = await openVisualIndex({ name: name(), embeddingSize: 4 });
    await other.put({ productId: 'p', embedding: Float32Array.of(1, 0, 0, 0) });
    await other.search(Float32Array.of(1, 0, 0, 0), { exact: true });
    await other.clear();
    other.close();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('few-shot classifier and category store with a model', () => {
  it('addExamples, predict, save and load: success and bad input', async () => {
    const trainer = await createFewShotClassifier({ model });
    await expectNoLeak(() => trainer.addExamples('red', [red, red]));
    await trainer.addExamples('green', [solid([0, 255, 0])]);
    expect((await expectNoLeak(() => trainer.predict(red))).label).toBe('red');
    await rejects(() => trainer.addExamples('blue', [red, broken]), 'INVALID_INPUT');
    await rejects(() => trainer.predict(broken), 'INVALID_INPUT');
    expect(trainer.labels).toEqual(['green', 'red']);
    const store = await openCategoryStore();
    const saved = name();
    await expectNoLeak(() => store.save(saved, trainer));
    const loaded = await expectNoLeak(() => store.load(saved, { model }));
    expect((await expectNoLeak(() => loaded.predict(red))).label).toBe('red');
    await store.delete(saved);
    store.close();
    loaded.dispose();
    trainer.dispose();
  });

  it('addExamples and predict with the model disposed in flight', async () => {
    await disposedInFlight((m) => createFewShotClassifier({ model: m }), (c, image) => c.addExamples('blue', [image]), async (c) => {
      expect(c.labels).toEqual([]);
      c.dispose();
    });
    await disposedInFlight(async (m) => {
      const c = await createFewShotClassifier({ model: m });
      await c.addExamples('x', [Float32Array.of(1, 0, 0, 0)]);
      return c;
    }, (c, image) => c.predict(image), async (c) => c.dispose());
  });
});
