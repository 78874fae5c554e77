/**
 * Zero tensors left behind by the image model on every path of every public method: success, rejected input, bad
 * options, abort, dispose() while the call is in flight, and loads that fail (short, padded or mis-shaped weights).
 * The tiny fixture CNN stands in for MobileNet (same code paths, no real weights).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initRuntime } from '../../../src/runtime/index.ts';
import type { ImageModel } from '../../../src/vision/index.ts';
import { expectNoLeak } from '../../helpers/leak.ts';
import { loadError } from '../../helpers/model-files.ts';
import { loadTinyModel, solid, solidPng } from './tiny-model.ts';

const red = solid([255, 0, 0]);
const notAnImage = 'not-an-image' as never;

/** `call` on a freshly loaded model, disposed while the call decodes its image: DISPOSED, and nothing of it left. */
async function disposedInFlight(call: (model: ImageModel, image: Blob) => Promise<unknown>): Promise<void> {
  const image = await solidPng([0, 0, 255]);
  const before = tf.memory().numTensors;
  const model = await loadTinyModel();
  const pending = call(model, image);
  model.dispose();
  await expect(pending).rejects.toMatchObject({ code: 'DISPOSED' });
  expect(tf.memory().numTensors).toBe(before);
}

async function rejects(fn: () => Promise<unknown>, code: string): Promise<void> {
  await expectNoLeak(() => expect(fn()).rejects.toMatchObject({ code }));
}

describe('image model: no tensor leaked on any path', () => {
  let model: ImageModel;
  beforeAll(async () => {
    await initRuntime({ backend: 'cpu' });
    model = await loadTinyModel();
    await model.classify(red); // warm-up
  });

  it('classify: success (default topK on a 3-class model), bad input, bad topK, dispose in flight', async () => {
    const labels = await expectNoLeak(() => model.classify(red));
    expect(labels.map((l) => l.label).sort()).toEqual(['blue', 'green', 'red']);
    await rejects(() => model.classify(notAnImage), 'INVALID_INPUT');
    await rejects(() => model.classify(new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: 'image/jpeg' })), 'INVALID_INPUT');
    for (const topK of [0, -1, 1.5, NaN, 4]) await rejects(() => model.classify(red, { topK }), 'INVALID_OPTION');
    await disposedInFlight((m, image) => m.classify(image));
  });

  it('embed: success, bad input, dispose in flight', async () => {
    expect((await expectNoLeak(() => model.embed(red))).length).toBe(4);
    await rejects(() => model.embed(notAnImage), 'INVALID_INPUT');
    await disposedInFlight((m, image) => m.embed(image));
  });

  it('embedBatch: success, a bad image in a later batch, bad batchSize, abort, dispose in flight', async () => {
    expect(await expectNoLeak(() => model.embedBatch([red, red, red], { batchSize: 2 }))).toHaveLength(3);
    await rejects(() => model.embedBatch([red, red, notAnImage], { batchSize: 2 }), 'INVALID_INPUT');
    await rejects(() => model.embedBatch(red as never), 'INVALID_INPUT');
    for (const batchSize of [0, -1, 0.5, NaN, 257]) await rejects(() => model.embedBatch([red], { batchSize }), 'INVALID_OPTION');
    const controller = new AbortController();
    await rejects(() => model.embedBatch([red, red], { batchSize: 1, signal: controller.signal, onProgress: () => controller.abort() }), 'ABORTED');
    await disposedInFlight((m, image) => m.embedBatch([image, image]));
  });

  it('save, toFiles and calls after dispose()', async () => {
    await rejects(() => model.save('indexeddb://x'), 'INVALID_OPTION');
    expect(Object.keys(await expectNoLeak(() => model.toFiles())).sort()).toEqual(['metadata.json', 'model.json', 'weights.bin']);
    const before = tf.memory().numTensors;
    const other = await loadTinyModel();
    other.dispose();
    expect(tf.memory().numTensors).toBe(before);
    await expect(other.classify(red)).rejects.toMatchObject({ code: 'DISPOSED' });
    await expect(other.embed(red)).rejects.toMatchObject({ code: 'DISPOSED' });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('loadImageModel: a failed load leaves no tensor', () => {
  const weights = (change: (w: Uint8Array) => Uint8Array) => (files: Record<string, Uint8Array>) => {
    files['weights.bin'] = change(files['weights.bin'] as Uint8Array);
  };
  const padded = (w: Uint8Array) => { const out = new Uint8Array(w.length + 8); out.set(w); return out; };

  for (const fuse of [true, false]) {
    it(`short, empty or padded weights (matching metadata.json) are MODEL_LOAD_FAILED naming the sizes (fuse: ${fuse})`, async () => {
      for (const change of [(w: Uint8Array) => w.slice(0, 100), () => new Uint8Array(0), padded]) {
        const { message } = await loadError(() => loadTinyModel({ fuse }, weights(change)), 'MODEL_LOAD_FAILED');
        expect(message).toMatch(/describes 508 bytes of weights, but its weight files hold (100|0|516)\b/);
      }
    });
  }

  it('weights of the right size but the wrong shapes are MODEL_LOAD_FAILED (fused and plain)', async () => {
    const reshaped = (files: Record<string, Uint8Array>) => {
      const json = JSON.parse(new TextDecoder().decode(files['model.json']));
      json.weightsManifest[0].weights[2].shape = [3, 4]; // probs/kernel is [4, 3]: same bytes, wrong shape
      files['model.json'] = new TextEncoder().encode(JSON.stringify(json));
    };
    for (const fuse of [true, false]) await loadError(() => loadTinyModel({ fuse }, reshaped), 'MODEL_LOAD_FAILED');
  });

  it('the plain layers path (fuse: false) computes what the fused one does, and its dispose() frees everything', async () => {
    const before = tf.memory().numTensors;
    const [fused, plain] = [await loadTinyModel(), await loadTinyModel({ fuse: false })];
    expect([fused.fused, plain.fused]).toEqual([true, false]);
    const [a, b] = [await fused.embed(red), await plain.embed(red)];
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i] as number, 5);
    fused.dispose();
    plain.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('an abort during the load is ABORTED', async () => {
    const controller = new AbortController();
    controller.abort();
    await loadError(() => loadTinyModel({ signal: controller.signal }), 'ABORTED');
  });
});
